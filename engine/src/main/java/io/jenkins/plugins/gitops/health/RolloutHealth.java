package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * argoproj.io/Rollout (Argo Rollouts), after Argo CD's shipped Lua check. In order: a status not
 * yet written or older than the spec is Progressing; InvalidSpec, an aborted rollout or an exceeded
 * progress deadline is Degraded; a pause (spec.paused or pause conditions, as canary steps and
 * blue-green previews use) is Suspended; then the replicas must be updated and available, and the
 * strategy must have finished: blue-green once the active service points at the current pod hash,
 * canary once no old replicas remain and the stable ReplicaSet is the current one.
 */
final class RolloutHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(obj));
    }

    private static Health health(KubeObject obj) {
        if (Generation.observed(obj).isEmpty() || Generation.observed(obj).getAsLong() != Generation.desired(obj)) {
            return Health.progressing("Waiting for rollout spec update to be observed");
        }
        for (Condition c : Condition.of(obj)) {
            boolean failedProgress = "Progressing".equals(c.type())
                    && ("RolloutAborted".equals(c.reason()) || "ProgressDeadlineExceeded".equals(c.reason()));
            if ("InvalidSpec".equals(c.type()) || failedProgress) {
                return Health.degraded(c.message());
            }
        }
        boolean pausedByController = obj.at("/status/pauseConditions").isArray() && !obj.at("/status/pauseConditions").isEmpty();
        if (pausedByController || obj.at("/spec/paused").asBoolean(false)) {
            return Health.suspended("Rollout is paused");
        }
        String currentHash = obj.at("/status/currentPodHash").asText("");
        if (currentHash.isEmpty()) {
            return Health.progressing("Waiting for rollout to finish: status has not been reconciled.");
        }
        long desired = obj.at("/spec/replicas").asLong(1);
        long replicas = obj.at("/status/replicas").asLong(0);
        long updated = obj.at("/status/updatedReplicas").asLong(0);
        long available = obj.at("/status/availableReplicas").asLong(0);
        if (updated < desired) {
            return Health.progressing("Waiting for roll out to finish: More replicas need to be updated");
        }
        if (available < updated) {
            return Health.progressing("Waiting for roll out to finish: updated replicas are still becoming available");
        }
        // Argo Rollouts v0.8 moved status.canary.stableRS to status.stableRS; read both.
        String stable = obj.at("/status/stableRS").asText(obj.at("/status/canary/stableRS").asText(""));
        if (obj.at("/spec/strategy/blueGreen").isObject()) {
            if (!currentHash.equals(obj.at("/status/blueGreen/activeSelector").asText(""))) {
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
}
