package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;

/**
 * kubeflow.org/Profile. Its CRD's status is only {@code conditions} of {@code type}, {@code status}
 * and {@code message} (no reason), and the profile controller uses them to report the outcome of
 * its last reconciliation: type {@code Successful} or {@code Failed} (the controller writes Failed
 * conditions with the error as message and sometimes no status). The last condition is the
 * current one. Failed is Degraded; Successful, or no condition at all (controller versions that
 * only report failures), is Healthy.
 */
final class ProfileHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        List<Condition> conditions = Condition.of(obj);
        if (conditions.isEmpty()) {
            return Optional.of(Health.healthy("No failure reported"));
        }
        Condition last = conditions.get(conditions.size() - 1);
        if (last.type().equals("Failed") && !last.isFalse()) {
            return Optional.of(Health.degraded(last.message().isEmpty() ? "Profile failed" : last.message()));
        }
        if (last.type().equals("Unknown")) {
            return Optional.of(Health.progressing(last.message()));
        }
        return Optional.of(Health.healthy(last.message()));
    }
}
