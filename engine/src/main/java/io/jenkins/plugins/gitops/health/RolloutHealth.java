package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * argoproj.io/Rollout (Argo Rollouts), as Argo CD's shipped Lua check reads it, in its order:
 * <ol>
 * <li>no status, or a numeric {@code status.observedGeneration} (a string in Rollouts, e.g.
 *     {@code "5"}) other than {@code metadata.generation}, or a workload generation not yet observed
 *     ({@code spec.workloadRef}), is Progressing. A non-numeric observedGeneration is a pre-v0.10
 *     hash and counts as observed;</li>
 * <li>when the controller reports {@code status.phase} (Argo Rollouts v1.0+), that phase is the
 *     health, Paused read as Suspended, and {@code status.message} the message: this is what makes
 *     a Rollout the controller calls Degraded (an analysis failed, the rollout was aborted) Degraded
 *     even when all its replicas are up;</li>
 * <li>otherwise (older controllers): InvalidSpec, an aborted rollout or an exceeded progress
 *     deadline is Degraded; a pause (spec.paused, or pause conditions as canary pause steps and
 *     blue-green previews write) is Suspended; then the replicas must be updated and available and
 *     the strategy finished: blue-green once the active service selects the current pod hash,
 *     canary once no old replicas remain and the stable ReplicaSet is the current one.</li>
 * </ol>
 * One addition to Argo CD: {@code status.abort: true} without a RolloutAborted condition (an abort
 * the controller has not reconciled yet) is Degraded too, so an abort is never read as healthy.
 */
final class RolloutHealth implements HealthRule {

    static final String NOT_OBSERVED = "Waiting for rollout spec update to be observed";

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(obj));
    }

    private static Health health(KubeObject obj) {
        JsonNode status = obj.at("/status");
        if (!status.isObject() || !generationObserved(obj) || !workloadGenerationObserved(obj)) {
            return Health.progressing(NOT_OBSERVED);
        }
        String phase = status.path("phase").asText("");
        if (!phase.isEmpty()) {
            return fromPhase(phase, status.path("message").asText(""));
        }
        for (Condition c : Condition.of(obj)) {
            boolean failedProgress = "Progressing".equals(c.type())
                    && ("RolloutAborted".equals(c.reason()) || "ProgressDeadlineExceeded".equals(c.reason()));
            if ("InvalidSpec".equals(c.type()) || failedProgress) {
                return Health.degraded(c.message());
            }
        }
        if (status.path("abort").asBoolean(false)) {
            return Health.degraded("Rollout is aborted");
        }
        boolean pausedByController = status.path("pauseConditions").isArray() && !status.path("pauseConditions").isEmpty();
        if (pausedByController || obj.at("/spec/paused").asBoolean(false)) {
            return Health.suspended("Rollout is paused");
        }
        String currentHash = status.path("currentPodHash").asText("");
        if (currentHash.isEmpty()) {
            return Health.progressing("Waiting for rollout to finish: status has not been reconciled.");
        }
        long desired = obj.at("/spec/replicas").asLong(1);
        long replicas = status.path("replicas").asLong(0);
        long updated = status.path("updatedReplicas").asLong(0);
        long available = status.path("availableReplicas").asLong(0);
        if (updated < desired) {
            return Health.progressing("Waiting for roll out to finish: More replicas need to be updated");
        }
        if (available < updated) {
            return Health.progressing("Waiting for roll out to finish: updated replicas are still becoming available");
        }
        // Argo Rollouts v0.8 moved status.canary.stableRS to status.stableRS; read both.
        String stable = status.path("stableRS").asText(status.path("canary").path("stableRS").asText(""));
        if (obj.at("/spec/strategy/blueGreen").isObject()) {
            if (!currentHash.equals(status.path("blueGreen").path("activeSelector").asText(""))) {
                return Health.progressing("active service cutover pending");
            }
            if (!stable.isEmpty() && !stable.equals(currentHash)) {
                return Health.progressing("waiting for analysis to complete");
            }
        } else if (obj.at("/spec/strategy/canary").isObject()) {
            if (replicas > updated) {
                return Health.progressing("Waiting for roll out to finish: old replicas are pending termination");
            }
            if (!stable.equals(currentHash)) {
                return Health.progressing("Waiting for rollout to finish steps");
            }
        }
        return Health.healthy();
    }

    /** The controller's own verdict (RolloutPhase: Healthy, Progressing, Paused, Degraded). */
    private static Health fromPhase(String phase, String message) {
        return switch (phase) {
            case "Healthy" -> Health.healthy(message);
            case "Progressing" -> Health.progressing(message);
            case "Paused" -> Health.suspended(message.isEmpty() ? "Rollout is paused" : message);
            case "Degraded" -> Health.degraded(message);
            // Argo CD would pass an unknown phase through as an invalid status; name it instead
            default -> Health.unknown("Rollout reports an unknown status.phase \"" + phase + "\"" + (message.isEmpty() ? "" : ": " + message));
        };
    }

    /**
     * Argo CD's isGenerationObserved: only a numeric observedGeneration (v0.10+, written as a string)
     * can be compared; a hash (v0.9 and before) or a value ahead of the spec counts as observed.
     */
    static boolean generationObserved(KubeObject obj) {
        OptionalLong observed = number(obj.at("/status/observedGeneration"));
        long generation = Generation.desired(obj);
        return observed.isEmpty() || observed.getAsLong() > generation || observed.getAsLong() == generation;
    }

    /** v1.1+: a Rollout that references a Deployment's template must have observed that Deployment's generation. */
    private static boolean workloadGenerationObserved(KubeObject obj) {
        if (!obj.at("/spec/workloadRef").isObject() || !obj.at("/metadata/annotations").isObject()) {
            return true;
        }
        OptionalLong wanted = number(obj.at("/metadata/annotations/rollout.argoproj.io~1workload-generation"));
        OptionalLong seen = number(obj.at("/status/workloadObservedGeneration"));
        return wanted.equals(seen);
    }

    private static OptionalLong number(JsonNode n) {
        if (n.isIntegralNumber()) {
            return OptionalLong.of(n.asLong());
        }
        if (n.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(n.asText().strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
