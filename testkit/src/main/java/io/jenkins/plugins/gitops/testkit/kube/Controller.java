package io.jenkins.plugins.gitops.testkit.kube;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Something that reacts to store changes, the way a Kubernetes controller does: it sees events
 * in commit order, and does its work later on the emulator's controller thread through the
 * same API every client uses. Never write to the store from {@link #onEvent}: it runs under
 * the store lock; schedule the work instead.
 */
public abstract class Controller implements Consumer<WatchEvent> {

    private ResourceApi api;
    private ScheduledExecutorService executor;

    void attach(ResourceApi api, ScheduledExecutorService executor) {
        this.api = api;
        this.executor = executor;
    }

    protected ResourceApi api() {
        return api;
    }

    protected ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public final void accept(WatchEvent event) {
        onEvent(event);
    }

    /** Called under the store lock for every committed change; schedule work on {@link #executor()}. */
    protected abstract void onEvent(WatchEvent event);

    /** Runs work on the controller thread, logging instead of dying on a refusal (a real controller retries). */
    protected void later(long delayMillis, Runnable work) {
        executor.schedule(() -> {
            try {
                work.run();
            } catch (ApiException e) {
                // the object changed or vanished under us; the next event brings us back
            } catch (RuntimeException e) {
                System.err.println("kube-emulator: controller " + getClass().getSimpleName() + " failed: " + e);
            }
        }, delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    protected void later(Runnable work) {
        later(0, work);
    }
}
