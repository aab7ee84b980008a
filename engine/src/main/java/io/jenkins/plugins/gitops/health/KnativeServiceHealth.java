package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * serving.knative.dev/Service, after Argo CD's shipped Lua check: Healthy when ConfigurationsReady,
 * RoutesReady and Ready are all True and nothing else is False or Unknown; Degraded when any
 * condition is False (Knative sets False only on a real failure, such as a revision that cannot
 * start); otherwise Progressing. The message lists every condition that is not True.
 */
final class KnativeServiceHealth implements HealthRule {

    private static final Set<String> REQUIRED = Set.of("ConfigurationsReady", "RoutesReady", "Ready");

    @Override
    public Optional<Health> assess(KubeObject obj) {
        List<Condition> conditions = Condition.of(obj);
        if (!obj.at("/status/conditions").isArray()) {
            return Optional.of(Health.progressing("Waiting for status update."));
        }
        long ready = conditions.stream().filter(c -> c.isTrue() && REQUIRED.contains(c.type())).count();
        boolean anyFalse = conditions.stream().anyMatch(Condition::isFalse);
        boolean anyUnknown = conditions.stream().anyMatch(c -> "Unknown".equals(c.status()));
        if (ready == REQUIRED.size() && !anyFalse && !anyUnknown) {
            return Optional.of(Health.healthy("Knative Service is healthy."));
        }
        String message = NotTrueConditions.describe(conditions);
        return Optional.of(anyFalse ? Health.degraded(message) : Health.progressing(message));
    }
}
