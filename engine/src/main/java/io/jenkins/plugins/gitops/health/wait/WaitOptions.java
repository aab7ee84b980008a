package io.jenkins.plugins.gitops.health.wait;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to wait.
 *
 * @param allowSuspended a Suspended object counts as done (default false: a paused Deployment holds the wait)
 * @param failFast       return as soon as an object is Degraded (default false: wait for the deadline,
 *                       since some Degraded states heal, such as an image pushed late)
 * @param readLogs       root causes may quote the previous log of a crash-looping container (default false)
 * @param progress       receives a line each time the summary changes (default: nothing)
 * @param onFailure      called once with the result when the wait ends unhealthy (Degraded or
 *                       timed out), before it is returned: the hook for a rollback the caller owns
 */
public record WaitOptions(boolean allowSuspended, boolean failFast, boolean readLogs, Consumer<String> progress,
        Consumer<WaitResult> onFailure) {

    public WaitOptions {
        progress = Objects.requireNonNullElse(progress, line -> { });
        onFailure = Objects.requireNonNullElse(onFailure, result -> { });
    }

    public static WaitOptions defaults() {
        return new WaitOptions(false, false, false, null, null);
    }

    public WaitOptions withFailFast(boolean value) {
        return new WaitOptions(allowSuspended, value, readLogs, progress, onFailure);
    }

    public WaitOptions withAllowSuspended(boolean value) {
        return new WaitOptions(value, failFast, readLogs, progress, onFailure);
    }

    public WaitOptions withReadLogs(boolean value) {
        return new WaitOptions(allowSuspended, failFast, value, progress, onFailure);
    }

    public WaitOptions withProgress(Consumer<String> value) {
        return new WaitOptions(allowSuspended, failFast, readLogs, value, onFailure);
    }

    public WaitOptions withOnFailure(Consumer<WaitResult> value) {
        return new WaitOptions(allowSuspended, failFast, readLogs, progress, value);
    }
}
