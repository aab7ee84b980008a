package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * cert-manager.io/Certificate, after Argo CD's shipped Lua check. Issuing True comes first: during
 * a renewal Ready may still be True (old certificate) or False (first issue), and either way the
 * honest answer is "in progress". Then Ready decides; no Ready yet is Progressing.
 */
final class CertificateHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        Optional<Condition> issuing = Condition.find(obj, "Issuing").filter(Condition::isTrue);
        if (issuing.isPresent()) {
            return Optional.of(Health.progressing(issuing.get().message()));
        }
        Optional<Condition> ready = Condition.find(obj, "Ready");
        if (ready.isPresent() && ready.get().isFalse()) {
            return Optional.of(Health.degraded(ready.get().message()));
        }
        if (ready.isPresent() && ready.get().isTrue()) {
            return Optional.of(Health.healthy(ready.get().message()));
        }
        return Optional.of(Health.progressing("Waiting for certificate"));
    }
}
