package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * core/Service, as Argo CD: only a LoadBalancer has something to wait for, its external address;
 * every other type is Healthy as soon as it exists.
 */
final class ServiceHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        if (!"LoadBalancer".equals(obj.at("/spec/type").asText())) {
            return Optional.of(Health.healthy());
        }
        return Optional.of(LoadBalancers.health(obj));
    }
}
