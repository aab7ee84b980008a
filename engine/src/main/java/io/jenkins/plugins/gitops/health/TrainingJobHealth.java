package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeflow.org/v1 PyTorchJob, TFJob, MPIJob, XGBoostJob, PaddleJob and JAXJob (training operator
 * v1), from the {@code JobStatus} their CRDs share: {@code status.conditions} of types Created,
 * Running, Restarting, Succeeded, Failed (and Suspended), and {@code status.replicaStatuses} with
 * active, succeeded and failed pod counts per replica type.
 *
 * <p>Failed=True is Degraded; Succeeded=True Healthy; Suspended=True or {@code spec.runPolicy.suspend}
 * Suspended. Everything else is Progressing, with a message that tells a job still starting (no
 * status yet, only Created) from one running or restarting after pod failures, as a Job is.
 */
final class TrainingJobHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        List<Condition> conditions = Condition.of(obj);
        Optional<Condition> failed = trueOf(conditions, "Failed");
        if (failed.isPresent()) {
            return Optional.of(Health.degraded(orElse(failed.get().describe(), obj.kind() + " failed")));
        }
        Optional<Condition> succeeded = trueOf(conditions, "Succeeded");
        if (succeeded.isPresent()) {
            return Optional.of(Health.healthy(succeeded.get().describe()));
        }
        Optional<Condition> suspended = trueOf(conditions, "Suspended");
        if (suspended.isPresent() || obj.at("/spec/runPolicy/suspend").asBoolean(false)) {
            return Optional.of(Health.suspended(suspended.map(Condition::describe).orElse(obj.kind() + " is suspended")));
        }
        String replicas = replicaSummary(obj.at("/status/replicaStatuses"));
        Optional<Condition> restarting = trueOf(conditions, "Restarting");
        if (restarting.isPresent()) {
            return Optional.of(Health.progressing(join("Restarting: " + restarting.get().describe(), replicas)));
        }
        Optional<Condition> running = trueOf(conditions, "Running");
        if (running.isPresent()) {
            return Optional.of(Health.progressing(join("Running", replicas)));
        }
        Optional<Condition> created = trueOf(conditions, "Created");
        if (created.isPresent()) {
            return Optional.of(Health.progressing(join("Starting: " + created.get().describe(), replicas)));
        }
        return Optional.of(Health.progressing("Starting: waiting for the training operator to report status"));
    }

    static Optional<Condition> trueOf(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.type().equals(type) && c.isTrue()).findFirst();
    }

    /** {@code Master 1 active, Worker 2 active 1 failed}: counts per replica type, zeros left out. */
    private static String replicaSummary(JsonNode statuses) {
        List<String> parts = new ArrayList<>();
        statuses.fields().forEachRemaining(e -> {
            StringBuilder b = new StringBuilder(e.getKey());
            for (String field : List.of("active", "succeeded", "failed")) {
                long n = e.getValue().path(field).asLong(0);
                if (n > 0) {
                    b.append(' ').append(n).append(' ').append(field);
                }
            }
            parts.add(b.toString());
        });
        return String.join(", ", parts);
    }

    private static String join(String head, String tail) {
        return tail.isEmpty() ? head : head + " (" + tail + ")";
    }

    private static String orElse(String text, String fallback) {
        return text.isEmpty() ? fallback : text;
    }
}
