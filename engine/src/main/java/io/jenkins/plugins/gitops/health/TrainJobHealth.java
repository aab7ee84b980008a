package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;

/**
 * trainer.kubeflow.org/TrainJob (Kubeflow Trainer v2): metav1 conditions Complete, Failed and
 * Suspended, and {@code status.jobsStatus} (per child Job: active, ready, succeeded, failed,
 * suspended). Failed=True is Degraded, Complete=True Healthy, Suspended=True or {@code spec.suspend}
 * Suspended; otherwise Progressing, "starting" until a child Job is active.
 */
final class TrainJobHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        List<Condition> conditions = Condition.of(obj);
        Optional<Condition> failed = TrainingJobHealth.trueOf(conditions, "Failed");
        if (failed.isPresent()) {
            return Optional.of(Health.degraded(failed.get().describe()));
        }
        Optional<Condition> complete = TrainingJobHealth.trueOf(conditions, "Complete");
        if (complete.isPresent()) {
            return Optional.of(Health.healthy(complete.get().describe()));
        }
        Optional<Condition> suspended = TrainingJobHealth.trueOf(conditions, "Suspended");
        if (suspended.isPresent() || obj.at("/spec/suspend").asBoolean(false)) {
            return Optional.of(Health.suspended(suspended.map(Condition::describe).orElse("TrainJob is suspended")));
        }
        return Optional.of(Health.progressing(ChildJobs.summary(obj.at("/status/jobsStatus"))));
    }

    /** The per-child-Job counters TrainJob and JobSet share. */
    static final class ChildJobs {
        private ChildJobs() {
        }

        static String summary(JsonNode jobs) {
            long active = 0;
            long ready = 0;
            long succeeded = 0;
            long failed = 0;
            for (JsonNode j : jobs) {
                active += j.path("active").asLong(0);
                ready += j.path("ready").asLong(0);
                succeeded += j.path("succeeded").asLong(0);
                failed += j.path("failed").asLong(0);
            }
            if (active + ready + succeeded + failed == 0) {
                return "Starting: no child Job active yet";
            }
            return "Running: " + active + " active, " + ready + " ready, " + succeeded + " succeeded, " + failed + " failed child Jobs";
        }
    }
}
