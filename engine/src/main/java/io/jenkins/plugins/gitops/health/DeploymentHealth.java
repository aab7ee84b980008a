package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * apps/Deployment, as Argo CD (which borrows kubectl's {@code rollout status}): paused is
 * Suspended; a status older than the spec is Progressing; an exceeded progress deadline is
 * Degraded; replicas still to update, old replicas still running or updated replicas not yet
 * available are Progressing. A Recreate Deployment whose old Pods are still terminating says so:
 * its new Pods have not started, by design, not because they fail.
 */
final class DeploymentHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(obj));
    }

    private static Health health(KubeObject obj) {
        if (obj.at("/spec/paused").asBoolean(false)) {
            return Health.suspended("Deployment is paused");
        }
        // Unlike the generic guard, a missing observedGeneration counts as 0 here: a Deployment
        // the controller has not touched yet is not done (kubectl rollout status does the same).
        if (Generation.desired(obj) > Generation.observed(obj).orElse(0)) {
            return Health.progressing("Waiting for rollout to finish: observed deployment generation less than desired generation");
        }
        var progressing = Condition.find(obj, "Progressing");
        if (progressing.isPresent() && "ProgressDeadlineExceeded".equals(progressing.get().reason())) {
            return Health.degraded("Deployment \"" + obj.name() + "\" exceeded its progress deadline");
        }
        long updated = obj.at("/status/updatedReplicas").asLong(0);
        long current = obj.at("/status/replicas").asLong(0);
        long available = obj.at("/status/availableReplicas").asLong(0);
        boolean recreate = "Recreate".equals(obj.at("/spec/strategy/type").asText());
        if (recreate && current > updated && !obj.at("/spec/replicas").isMissingNode() && updated < obj.at("/spec/replicas").asLong()) {
            // Recreate stops every old Pod before any new one starts: say what it waits for
            return Health.progressing("Waiting for rollout to finish: " + (current - updated)
                    + " old replicas are pending termination (Recreate: new replicas start once they are gone)...");
        }
        if (!obj.at("/spec/replicas").isMissingNode() && updated < obj.at("/spec/replicas").asLong()) {
            return Health.progressing("Waiting for rollout to finish: " + updated + " out of "
                    + obj.at("/spec/replicas").asLong() + " new replicas have been updated...");
        }
        if (current > updated) {
            return Health.progressing("Waiting for rollout to finish: " + (current - updated)
                    + " old replicas are pending termination...");
        }
        if (available < updated) {
            return Health.progressing("Waiting for rollout to finish: " + available + " of " + updated
                    + " updated replicas are available...");
        }
        return Health.healthy();
    }
}
