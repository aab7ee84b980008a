package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * apps/ReplicaSet, as Argo CD: a stale status is Progressing; a true ReplicaFailure condition
 * (quota exceeded, pod creation refused by a webhook) is Degraded; fewer available replicas than
 * wanted is Progressing.
 */
final class ReplicaSetHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(obj));
    }

    private static Health health(KubeObject obj) {
        if (Generation.desired(obj) > Generation.observed(obj).orElse(0)) {
            return Health.progressing("Waiting for rollout to finish: observed replica set generation less than desired generation");
        }
        var failure = Condition.find(obj, "ReplicaFailure");
        if (failure.isPresent() && failure.get().isTrue()) {
            return Health.degraded(failure.get().message());
        }
        long available = obj.at("/status/availableReplicas").asLong(0);
        if (!obj.at("/spec/replicas").isMissingNode() && available < obj.at("/spec/replicas").asLong()) {
            return Health.progressing("Waiting for rollout to finish: " + available + " out of "
                    + obj.at("/spec/replicas").asLong() + " new replicas are available...");
        }
        return Health.healthy();
    }
}
