package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * tensorboard.kubeflow.org/Tensorboard: {@code status.readyReplicas} and {@code conditions} whose
 * entries carry only {@code deploymentState} (the type of its Deployment's condition: Available,
 * Progressing or ReplicaFailure) and {@code lastProbeTime}. A ready replica is Healthy; a latest
 * deploymentState of ReplicaFailure is Degraded; otherwise Progressing.
 */
final class TensorboardHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        if (obj.at("/status/readyReplicas").asLong(0) >= 1) {
            return Optional.of(Health.healthy("Tensorboard server is ready"));
        }
        JsonNode conditions = obj.at("/status/conditions");
        String state = conditions.isArray() && conditions.size() > 0
                ? conditions.get(conditions.size() - 1).path("deploymentState").asText("") : "";
        if (state.equals("ReplicaFailure")) {
            return Optional.of(Health.degraded("Tensorboard deployment reports ReplicaFailure"));
        }
        return Optional.of(Health.progressing(state.isEmpty() ? "Waiting for the Tensorboard server" : "Deployment is " + state));
    }
}
