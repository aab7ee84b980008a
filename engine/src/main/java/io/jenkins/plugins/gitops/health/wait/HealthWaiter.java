package io.jenkins.plugins.gitops.health.wait;

import io.jenkins.plugins.gitops.health.Health;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.RolloutPauseRule;
import io.jenkins.plugins.gitops.health.cause.PreviousLogs;
import io.jenkins.plugins.gitops.health.cause.Related;
import io.jenkins.plugins.gitops.health.cause.RootCause;
import io.jenkins.plugins.gitops.health.wait.WaitState.Target;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Waits until every tracked object of an app is Healthy, by watching, not polling: one watch per
 * kind (scoped by the app's label selector when there is one, else by name or namespace), a
 * cache of the latest version of each object, and a re-assessment on every change. Ends at
 * once when all are Healthy (or Suspended, if allowed), on the first Degraded when fail-fast,
 * or at the deadline with the full picture. Root causes are gathered only for the objects that
 * are not healthy at the end, with a few one-off lists. {@link #start} is the asynchronous form
 * (no thread held while nothing changes: watch callbacks and a scheduled deadline);
 * {@link #await} blocks on it. With {@link SharedWatches} as the access, concurrent waits share
 * one watch per kind.
 *
 * <p>Health is generation-aware (see {@link HealthAssessor}): a wait started right after an
 * apply sees the new {@code metadata.generation} and cannot pass on a status the controller
 * wrote for the previous spec.
 */
public final class HealthWaiter {

    private final KubeAccess kube;
    private final HealthAssessor assessor;
    private final Clock clock;

    public HealthWaiter(KubeAccess kube, HealthAssessor assessor, Clock clock) {
        this.kube = kube;
        this.assessor = assessor;
        this.clock = clock;
    }

    public HealthWaiter(KubeAccess kube) {
        this(kube, new HealthAssessor(), Clock.systemUTC());
    }

    /** Deadlines of blocking waits: one daemon thread for all of them, idle between deadlines. */
    private static final ScheduledExecutorService DEADLINES = deadlines();

    private static ScheduledExecutorService deadlines() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gitops-wait-deadlines");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /**
     * Waits, blocking the calling thread, until the state's objects are healthy or its deadline
     * passes: {@link #start} and the answer. An interrupt cancels the wait (its watches close).
     */
    public WaitResult await(WaitState state, WaitOptions options) throws InterruptedException {
        CompletableFuture<WaitResult> wait = start(state, options, DEADLINES);
        try {
            return wait.get();
        } catch (InterruptedException e) {
            wait.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Starts a wait that holds no thread: it opens its watches (returning once each has delivered
     * the current objects), then every watch event re-assesses the picture on the watch's own
     * thread, and the deadline is a task on {@code scheduler}. The future completes with the
     * result (healthy, first Degraded when fail-fast, or timed out; {@code onFailure} is called
     * before), or exceptionally when a watch cannot be opened. Cancelling it stops the wait and
     * closes its watches. Progress lines are printed from the watch threads, one at a time.
     */
    public CompletableFuture<WaitResult> start(WaitState state, WaitOptions options, ScheduledExecutorService scheduler) {
        if (options.untilPaused()) {
            // a Rollout at a pause step is where this wait ends (the rest of the app must be healthy)
            return new HealthWaiter(kube, assessor.withOverride("argoproj.io", "Rollout", new RolloutPauseRule()), clock)
                    .start(state, options.withUntilPaused(false).withFailFast(true), scheduler);
        }
        Ongoing wait = new Ongoing(state, options, scheduler);
        wait.begin();
        return wait.future;
    }

    /** One wait in progress: the cache of the tracked objects, its watches and its deadline. */
    private final class Ongoing implements KubeAccess.Listener {

        final CompletableFuture<WaitResult> future = new CompletableFuture<>();
        private final WaitState state;
        private final WaitOptions options;
        private final ScheduledExecutorService scheduler;
        private final long started = clock.millis();
        private final Map<String, Long> before = kube.requests();
        private final Map<ResourceKey, Target> targets = new LinkedHashMap<>();
        private final Map<ResourceKey, KubeObject> live = new ConcurrentHashMap<>();
        private final List<KubeAccess.Watching> watches = new ArrayList<>();
        private boolean opened;
        private boolean finished;
        private String lastLine;
        private ScheduledFuture<?> deadline;

        Ongoing(WaitState state, WaitOptions options, ScheduledExecutorService scheduler) {
            this.state = state;
            this.options = options;
            this.scheduler = scheduler;
            for (Target t : state.targets()) {
                if (assessor.mayHaveHealth(ResourceKey.groupOf(t.apiVersion()), t.kind())) {
                    targets.put(t.key(), t);
                }
            }
        }

        void begin() {
            future.whenComplete((r, e) -> stop());
            try {
                for (WatchScope scope : WatchScope.plan(targets.values(), state.labelSelector())) {
                    KubeAccess.Watching w = kube.watch(scope.apiVersion(), scope.kind(), scope.namespace(), scope.labelSelector(), scope.name(), this);
                    boolean cancelled;
                    synchronized (this) {
                        cancelled = finished;
                        if (!cancelled) {
                            watches.add(w);
                        }
                    }
                    if (cancelled) {
                        close(w);
                        return; // cancelled while the watches opened
                    }
                }
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
            synchronized (this) {
                opened = true;
            }
            evaluate();
        }

        @Override
        public void upserted(KubeObject obj) {
            if (targets.containsKey(obj.key())) {
                live.put(obj.key(), obj);
                evaluate();
            }
        }

        @Override
        public void deleted(ResourceKey key) {
            if (live.remove(key) != null) {
                evaluate();
            }
        }

        /**
         * Re-assesses; ends the wait when it is decided, else (re)arms the deadline. The decision is
         * taken one call at a time, whichever thread calls; watches are closed and the future
         * completed outside the lock, so that a watch thread waiting to report cannot block a close.
         */
        private void evaluate() {
            WaitResult result;
            try {
                synchronized (this) {
                    if (!opened || finished) {
                        return;
                    }
                    Map<ResourceKey, Health> healths = assess(targets, live);
                    Progress progress = Progress.of(targets, live, healths, options.allowSuspended());
                    if (!progress.line().equals(lastLine)) {
                        lastLine = progress.line();
                        options.progress().accept(lastLine);
                    }
                    WaitResult.Outcome outcome = null;
                    long left = state.deadlineEpochMillis() - clock.millis();
                    if (progress.done()) {
                        outcome = WaitResult.Outcome.HEALTHY;
                    } else if (options.failFast() && healths.values().stream().anyMatch(h -> h.status() == HealthStatus.DEGRADED)) {
                        outcome = WaitResult.Outcome.DEGRADED;
                    } else if (left <= 0) {
                        outcome = WaitResult.Outcome.TIMED_OUT;
                    }
                    if (outcome == null) {
                        if (deadline == null || deadline.isDone()) {
                            deadline = scheduler.schedule(this::evaluate, left, TimeUnit.MILLISECONDS);
                        }
                        return;
                    }
                    finished = true;
                    result = result(state, outcome, progress.line(), targets, live, healths, options, started, before);
                }
                if (result.healthy()) {
                    // the answer first: the caller returns while the watches close
                    future.complete(result);
                    stop();
                    return;
                }
                stop();
                options.onFailure().accept(result);
                future.complete(result);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        }

        /** Cancels the deadline and closes the watches (outside the lock). */
        private void stop() {
            List<KubeAccess.Watching> open;
            synchronized (this) {
                finished = true;
                if (deadline != null) {
                    deadline.cancel(false);
                }
                open = new ArrayList<>(watches);
                watches.clear();
            }
            open.forEach(HealthWaiter::close);
        }
    }

    private Map<ResourceKey, Health> assess(Map<ResourceKey, Target> targets, Map<ResourceKey, KubeObject> live) {
        Map<ResourceKey, Health> out = new LinkedHashMap<>();
        for (ResourceKey key : targets.keySet()) {
            KubeObject obj = live.get(key);
            if (obj == null) {
                out.put(key, Health.missing("not found"));
            } else {
                assessor.assess(obj).ifPresent(h -> out.put(key, h));
            }
        }
        return out;
    }

    private WaitResult result(WaitState state, WaitResult.Outcome outcome, String summary, Map<ResourceKey, Target> targets,
            Map<ResourceKey, KubeObject> live, Map<ResourceKey, Health> healths, WaitOptions options, long started,
            Map<String, Long> before) {
        List<WaitResult.ObjectHealth> objects = new ArrayList<>();
        Map<String, Related> relatedByNamespace = new HashMap<>();
        for (Map.Entry<ResourceKey, Health> e : healths.entrySet()) {
            Health h = e.getValue();
            List<String> causes = List.of();
            boolean done = h.status() == HealthStatus.HEALTHY || options.allowSuspended() && h.status() == HealthStatus.SUSPENDED;
            KubeObject obj = live.get(e.getKey());
            if (!done && obj != null) {
                Related related = relatedByNamespace.computeIfAbsent(obj.namespace() + "|" + obj.kind(), k -> related(obj));
                PreviousLogs logs = options.readLogs() ? (ns, pod, c) -> kube.previousLog(ns, pod, c, 10) : PreviousLogs.NONE;
                causes = RootCause.explain(obj, related, logs);
            }
            objects.add(new WaitResult.ObjectHealth(e.getKey().toString(), h.status(), h.message(), causes));
        }
        Map<String, Long> after = kube.requests();
        Map<String, Long> used = new LinkedHashMap<>();
        after.forEach((verb, n) -> {
            long delta = n - before.getOrDefault(verb, 0L);
            if (delta > 0) {
                used.put(verb, delta); // the access may be shared with a sync: only what this wait asked for
            }
        });
        return new WaitResult(state.app(), outcome, summary, objects, clock.millis() - started, used);
    }

    /** ReplicaSets and Pods only for workloads that have them; Warning events for everything in a namespace. */
    private Related related(KubeObject obj) {
        String ns = obj.namespace().isEmpty() ? null : obj.namespace();
        boolean workload = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Pod").contains(obj.kind())
                && Set.of("apps", "batch", "").contains(obj.group());
        boolean rollout = obj.kind().equals("Rollout") && obj.group().equals("argoproj.io");
        List<KubeObject> sets = workload && obj.kind().equals("Deployment") || rollout ? kube.list("apps/v1", "ReplicaSet", ns, null, null) : List.of();
        List<KubeObject> pods = workload && !obj.kind().equals("Pod") || rollout ? kube.list("v1", "Pod", ns, null, null) : List.of();
        List<KubeObject> events = ns == null ? List.of() : kube.list("v1", "Event", ns, null, "type=Warning");
        // a Degraded Rollout's root cause is usually a failed analysis: its AnalysisRuns say which metric
        List<KubeObject> runs = rollout ? analysisRuns(ns) : List.of();
        return new Related(sets, pods, events, runs);
    }

    /** AnalysisRuns of a namespace; none when the cluster does not serve them (root causes are best effort). */
    private List<KubeObject> analysisRuns(String namespace) {
        try {
            return kube.list("argoproj.io/v1alpha1", "AnalysisRun", namespace, null, null);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static void close(KubeAccess.Watching w) {
        try {
            w.close();
        } catch (RuntimeException e) {
            // closing is best effort; the wait's answer does not depend on it
        }
    }


}
