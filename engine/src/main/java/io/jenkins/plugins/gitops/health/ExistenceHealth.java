package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * For kinds whose CRD declares no status worth reading (Istio objects, trainer runtimes): the
 * object exists, so it is Healthy. Deletion and ignore annotations are handled by the assessor.
 */
final class ExistenceHealth implements HealthRule {

    static final ExistenceHealth INSTANCE = new ExistenceHealth();

    private ExistenceHealth() {
    }

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(Health.healthy(obj.kind() + " exists"));
    }
}
