package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/** networking.k8s.io (and old extensions) Ingress, as Argo CD: Healthy once the controller published an address. */
final class IngressHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(LoadBalancers.health(obj));
    }
}
