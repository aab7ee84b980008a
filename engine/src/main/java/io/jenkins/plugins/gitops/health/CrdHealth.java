package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;

/**
 * apiextensions.k8s.io/CustomResourceDefinition, after Argo CD's shipped Lua check. A CRD is
 * usable once Established; NamesAccepted False (a plural or short name clashing with another CRD)
 * never fixes itself, so it is Degraded, as is a non-structural schema. Terminating, no conditions
 * yet, or not yet Established is Progressing. Argo CD calls "not established" Degraded; we follow
 * kstatus there, because the API server needs a moment after create to establish a CRD, and a wait
 * right after apply must not fail on that moment.
 */
final class CrdHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(Condition.of(obj)));
    }

    private static Health health(List<Condition> conditions) {
        if (conditions.isEmpty()) {
            return Health.progressing("Status conditions not found");
        }
        Optional<Condition> terminating = find(conditions, "Terminating", "True");
        if (terminating.isPresent()) {
            return Health.progressing("CRD is terminating: " + terminating.get().message());
        }
        Optional<Condition> namesRefused = find(conditions, "NamesAccepted", "False");
        if (namesRefused.isPresent()) {
            return Health.degraded("CRD names have not been accepted: " + namesRefused.get().message());
        }
        if (find(conditions, "Established", "True").isEmpty()) {
            return Health.progressing("CRD is not established yet");
        }
        Optional<Condition> nonStructural = find(conditions, "NonStructuralSchema", "True");
        if (nonStructural.isPresent()) {
            return Health.degraded("Schema violations found: " + nonStructural.get().message());
        }
        return Health.healthy("CRD is healthy");
    }

    private static Optional<Condition> find(List<Condition> conditions, String type, String status) {
        return conditions.stream().filter(c -> c.type().equals(type) && c.status().equals(status)).findFirst();
    }
}
