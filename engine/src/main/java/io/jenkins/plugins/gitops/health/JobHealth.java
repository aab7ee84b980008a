package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * batch/Job, as Argo CD: a Failed condition is Degraded, Complete is Healthy, Suspended is
 * Suspended, anything else is still running. Argo CD reads a condition by its type alone; we also
 * require status True, because a resumed Job keeps {@code Suspended=False} and must read as
 * running, not as finished.
 */
final class JobHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        Optional<Condition> failed = trueCondition(obj, "Failed");
        if (failed.isPresent()) {
            return Optional.of(Health.degraded(failed.get().describe()));
        }
        Optional<Condition> complete = trueCondition(obj, "Complete");
        if (complete.isPresent()) {
            return Optional.of(Health.healthy(complete.get().message()));
        }
        Optional<Condition> suspended = trueCondition(obj, "Suspended");
        if (suspended.isPresent()) {
            return Optional.of(Health.suspended(suspended.get().describe()));
        }
        long active = obj.at("/status/active").asLong(0);
        return Optional.of(Health.progressing(active > 0 ? active + " active pods" : ""));
    }

    private static Optional<Condition> trueCondition(KubeObject obj, String type) {
        return Condition.find(obj, type).filter(Condition::isTrue);
    }
}
