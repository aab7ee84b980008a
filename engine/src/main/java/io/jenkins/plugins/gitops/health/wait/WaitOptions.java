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
 * @param untilPaused    an Argo Rollout held at a pause step (canary pause, blue-green preview,
 *                       inconclusive analysis) counts as done, its step and weight in the message
 *                       (see {@link io.jenkins.plugins.gitops.health.RolloutPauseRule}); implies
 *                       fail-fast, so an aborted or Degraded Rollout ends the wait with its cause
 *                       (default false: wait until fully promoted)
 */
public record WaitOptions(boolean allowSuspended, boolean failFast, boolean readLogs, Consumer<String> progress,
        Consumer<WaitResult> onFailure, boolean untilPaused) {

    public WaitOptions {
        progress = Objects.requireNonNullElse(progress, line -> { });
        onFailure = Objects.requireNonNullElse(onFailure, result -> { });
        failFast = failFast || untilPaused;
    }

    /** Options that wait until fully healthy. */
    public WaitOptions(boolean allowSuspended, boolean failFast, boolean readLogs, Consumer<String> progress, Consumer<WaitResult> onFailure) {
        this(allowSuspended, failFast, readLogs, progress, onFailure, false);
    }

    public static WaitOptions defaults() {
        return new WaitOptions(false, false, false, null, null);
    }

    public WaitOptions withFailFast(boolean value) {
        return new WaitOptions(allowSuspended, value, readLogs, progress, onFailure, untilPaused);
    }

    public WaitOptions withAllowSuspended(boolean value) {
        return new WaitOptions(value, failFast, readLogs, progress, onFailure, untilPaused);
    }

    public WaitOptions withReadLogs(boolean value) {
        return new WaitOptions(allowSuspended, failFast, value, progress, onFailure, untilPaused);
    }

    public WaitOptions withProgress(Consumer<String> value) {
        return new WaitOptions(allowSuspended, failFast, readLogs, value, onFailure, untilPaused);
    }

    public WaitOptions withOnFailure(Consumer<WaitResult> value) {
        return new WaitOptions(allowSuspended, failFast, readLogs, progress, value, untilPaused);
    }

    public WaitOptions withUntilPaused(boolean value) {
        return new WaitOptions(allowSuspended, failFast, readLogs, progress, onFailure, value);
    }
}
