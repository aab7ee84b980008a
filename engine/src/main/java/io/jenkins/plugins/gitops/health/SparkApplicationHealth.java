package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * sparkoperator.k8s.io/SparkApplication, after Argo CD's shipped Lua check: the operator's
 * application state maps onto health; RUNNING is Healthy only once every requested executor runs.
 * INVALIDATING (spec changed, the run is being torn down to restart) is Missing, as in Argo CD.
 */
final class SparkApplicationHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        String error = obj.at("/status/applicationState/errorMessage").asText("");
        return Optional.of(switch (obj.at("/status/applicationState/state").asText("")) {
            case "" -> obj.at("/status/applicationState/state").isMissingNode()
                    ? waitingForExecutors() : Health.progressing("SparkApplication was added, enqueuing it for submission");
            case "RUNNING" -> allExecutorsRunning(obj) ? Health.healthy("SparkApplication is Running") : waitingForExecutors();
            case "SUBMITTED" -> Health.progressing("SparkApplication was submitted successfully");
            case "COMPLETED" -> Health.healthy("SparkApplication was Completed");
            case "FAILED", "SUBMISSION_FAILED", "FAILING" -> Health.degraded(error);
            case "PENDING_RERUN" -> Health.progressing("SparkApplication is Pending Rerun");
            case "INVALIDATING" -> Health.missing("SparkApplication is in InvalidatingState");
            case "SUCCEEDING" -> Health.progressing("The driver pod has completed successfully; executor pods are being cleaned up");
            case "UNKNOWN" -> Health.progressing("SparkApplication is in UnknownState because the driver pod or executor pods are in an unknown state");
            default -> waitingForExecutors();
        });
    }

    private static boolean allExecutorsRunning(KubeObject obj) {
        JsonNode executors = obj.at("/status/executorState");
        if (!executors.isObject()) {
            return false;
        }
        long running = 0;
        for (JsonNode state : executors) {
            if ("RUNNING".equals(state.asText())) {
                running++;
            }
        }
        return running == obj.at("/spec/executor/instances").asLong(-1);
    }

    private static Health waitingForExecutors() {
        return Health.progressing("Waiting for Executor pods");
    }
}
