package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * apps/DaemonSet, as Argo CD: a stale status is Progressing; OnDelete is Healthy (pods only change
 * when someone deletes them); otherwise every scheduled pod must be updated and available.
 */
final class DaemonSetHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(obj));
    }

    private static Health health(KubeObject obj) {
        if (Generation.desired(obj) > Generation.observed(obj).orElse(0)) {
            return Health.progressing("Waiting for rollout to finish: observed daemon set generation less than desired generation");
        }
        long desired = obj.at("/status/desiredNumberScheduled").asLong(0);
        long updated = obj.at("/status/updatedNumberScheduled").asLong(0);
        long available = obj.at("/status/numberAvailable").asLong(0);
        if ("OnDelete".equals(obj.at("/spec/updateStrategy/type").asText())) {
            return Health.healthy("daemon set " + updated + " out of " + desired + " new pods have been updated");
        }
        if (updated < desired) {
            return Health.progressing("Waiting for daemon set \"" + obj.name() + "\" rollout to finish: " + updated
                    + " out of " + desired + " new pods have been updated...");
        }
        if (available < desired) {
            return Health.progressing("Waiting for daemon set \"" + obj.name() + "\" rollout to finish: " + available
                    + " of " + desired + " updated pods are available...");
        }
        return Health.healthy();
    }
}
