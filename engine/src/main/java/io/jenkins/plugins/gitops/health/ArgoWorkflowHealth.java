package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/** argoproj.io/Workflow, built into Argo CD: the phase says it all (no phase yet is Pending). */
final class ArgoWorkflowHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        String message = obj.at("/status/message").asText("");
        return Optional.of(switch (obj.at("/status/phase").asText("")) {
            case "", "Pending", "Running" -> Health.progressing(message);
            case "Succeeded" -> Health.healthy(message);
            case "Failed", "Error" -> Health.degraded(message);
            default -> Health.unknown(message);
        });
    }
}
