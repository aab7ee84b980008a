package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * apiregistration.k8s.io/APIService, as Argo CD: Healthy when Available is True, otherwise
 * Progressing (a backing service that is still starting looks exactly like a broken one, and the
 * aggregator keeps retrying, so never Degraded).
 */
final class ApiServiceHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(Condition.find(obj, "Available")
                .map(c -> c.isTrue() ? Health.healthy(c.reason() + ": " + c.message())
                        : Health.progressing(c.reason() + ": " + c.message()))
                .orElse(Health.progressing("Waiting to be processed")));
    }
}
