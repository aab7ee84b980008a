package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;

/**
 * jobset.x-k8s.io/JobSet: {@code status.terminalState} (Completed or Failed, empty while running),
 * conditions Completed, Failed and Suspended, {@code status.replicatedJobsStatus} and
 * {@code status.restarts}. Failed is Degraded, Completed Healthy, Suspended=True or
 * {@code spec.suspend} Suspended, otherwise Progressing.
 */
final class JobSetHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        List<Condition> conditions = Condition.of(obj);
        String terminal = obj.at("/status/terminalState").asText("");
        Optional<Condition> failed = TrainingJobHealth.trueOf(conditions, "Failed");
        if (failed.isPresent() || terminal.equals("Failed")) {
            return Optional.of(Health.degraded(failed.map(Condition::describe).orElse("JobSet failed")));
        }
        Optional<Condition> completed = TrainingJobHealth.trueOf(conditions, "Completed");
        if (completed.isPresent() || terminal.equals("Completed")) {
            return Optional.of(Health.healthy(completed.map(Condition::describe).orElse("JobSet completed")));
        }
        Optional<Condition> suspended = TrainingJobHealth.trueOf(conditions, "Suspended");
        if (suspended.isPresent() || obj.at("/spec/suspend").asBoolean(false)) {
            return Optional.of(Health.suspended(suspended.map(Condition::describe).orElse("JobSet is suspended")));
        }
        String message = TrainJobHealth.ChildJobs.summary(obj.at("/status/replicatedJobsStatus"));
        long restarts = obj.at("/status/restarts").asLong(0);
        return Optional.of(Health.progressing(restarts > 0 ? message + " after " + restarts + " restarts" : message));
    }
}
