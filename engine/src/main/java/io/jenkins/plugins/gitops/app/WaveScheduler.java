package io.jenkins.plugins.gitops.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the apps of a tree on {@code parallel} threads in the order {@link AppWaves} gives: an app's
 * turn comes once every app it comes after has finished. Among the apps whose turn has come, the
 * largest (most objects) goes first: a wave ends when its slowest app ends, and the next wave waits
 * for it, so the longest sync must not be the last to start (longest processing time first). The
 * checks that may finish an app ahead of its turn (an app already in sync) run before any turn.
 */
final class WaveScheduler {

    /** What the scheduler runs for app {@code i}; none of them throws (see {@link #failed}). */
    interface Work {
        /** The app's result ahead of its turn, or null when it has to wait for it. */
        AppTreeSync.AppSync early(int i);

        AppTreeSync.AppSync turn(int i);

        /** The result of an app whose check or turn threw. */
        AppTreeSync.AppSync failed(int i, Throwable t);
    }

    private final int[] sizes;
    private final Work work;
    private final AppTreeSync.AppSync[] out;
    private final int[] waiting;
    private final boolean[] checking;
    private final List<List<Integer>> dependents = new ArrayList<>();
    private final Deque<Integer> checks = new ArrayDeque<>();
    private final PriorityQueue<Integer> ready;
    private int running;
    private int finished;

    /**
     * @param sizes each app's object count, the order of apps whose turn came together
     * @param early whether apps that have to wait for their turn are checked ahead of it ({@link Work#early})
     */
    WaveScheduler(AppWaves waves, int[] sizes, boolean early, Work work) {
        this.sizes = sizes.clone();
        this.work = work;
        int n = sizes.length;
        this.out = new AppTreeSync.AppSync[n];
        this.waiting = new int[n];
        this.checking = new boolean[n];
        this.ready = new PriorityQueue<>(Comparator.comparingInt((Integer i) -> -this.sizes[i]).thenComparingInt(i -> i));
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            waiting[i] = waves.after(i).size();
            for (int j : waves.after(i)) {
                dependents.get(j).add(i);
            }
            if (waiting[i] == 0) {
                ready.add(i);
            } else if (early) {
                checking[i] = true;
                checks.add(i);
            }
        }
    }

    /** Runs every app, up to {@code parallel} at once; the results in tree order. */
    List<AppTreeSync.AppSync> run(int parallel, String threadPrefix) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, daemon(threadPrefix));
        try {
            synchronized (this) {
                dispatch(pool, parallel);
                while (finished < out.length) {
                    wait();
                }
            }
            return List.of(out);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Fills the free slots: checks first (reads, and what they finish frees the apps after it; done, they
     * leave the apps whose turn comes together to be started together, by size), then turns, the largest
     * first. Called holding the lock.
     */
    private void dispatch(ExecutorService pool, int parallel) {
        while (running < parallel && !pool.isShutdown()) {
            Integer check = checks.poll();
            if (check != null) {
                running++;
                int i = check;
                pool.execute(() -> checked(pool, parallel, i, attempt(i, true)));
                continue;
            }
            Integer turn = ready.poll();
            if (turn == null) {
                return;
            }
            running++;
            int i = turn;
            pool.execute(() -> turnDone(pool, parallel, i, attempt(i, false)));
        }
    }

    private AppTreeSync.AppSync attempt(int i, boolean early) {
        try {
            return early ? work.early(i) : work.turn(i);
        } catch (Throwable t) {
            return work.failed(i, t);
        }
    }

    private synchronized void checked(ExecutorService pool, int parallel, int i, AppTreeSync.AppSync result) {
        running--;
        checking[i] = false;
        if (result != null) {
            finish(i, result);
        } else if (waiting[i] == 0) {
            ready.add(i); // the apps before it finished while it was checked
        }
        dispatch(pool, parallel);
    }

    private synchronized void turnDone(ExecutorService pool, int parallel, int i, AppTreeSync.AppSync result) {
        running--;
        finish(i, result);
        dispatch(pool, parallel);
    }

    private void finish(int i, AppTreeSync.AppSync result) {
        out[i] = result;
        finished++;
        for (int k : dependents.get(i)) {
            if (--waiting[k] == 0 && out[k] == null && !checking[k]) {
                ready.add(k);
            }
        }
        notifyAll();
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
