package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * kubeflow.org/Notebook (Jupyter notebook controller). The status mirrors the notebook's pod:
 * {@code readyReplicas} of its StatefulSet, {@code containerState} of the notebook container and
 * the pod's {@code conditions}. The annotation {@code kubeflow-resource-stopped} (set by the
 * dashboard's Stop button, which scales the StatefulSet to zero) is Suspended; a container
 * waiting on an error (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError)
 * or terminated with a non-zero exit code is Degraded; one ready replica with a running container
 * is Healthy; anything else Progressing, with the pod condition that holds it (e.g. Unschedulable).
 */
final class NotebookHealth implements HealthRule {

    static final String STOPPED_ANNOTATION = "kubeflow-resource-stopped";

    @Override
    public Optional<Health> assess(KubeObject obj) {
        if (obj.annotation(STOPPED_ANNOTATION).isPresent()) {
            return Optional.of(Health.suspended("Notebook is stopped"));
        }
        JsonNode state = obj.at("/status/containerState");
        String waitingReason = state.path("waiting").path("reason").asText("");
        if (waitingReason.startsWith("Err") || waitingReason.endsWith("Error") || waitingReason.endsWith("BackOff")) {
            return Optional.of(Health.degraded(waitingReason + ": " + state.path("waiting").path("message").asText("")));
        }
        JsonNode terminated = state.path("terminated");
        if (terminated.isObject() && terminated.path("exitCode").asInt(0) != 0) {
            return Optional.of(Health.degraded("Notebook container terminated with exit code " + terminated.path("exitCode").asInt()
                    + (terminated.path("reason").asText("").isEmpty() ? "" : " (" + terminated.path("reason").asText() + ")")));
        }
        if (obj.at("/status/readyReplicas").asLong(0) >= 1 && state.path("running").isObject()) {
            return Optional.of(Health.healthy("Notebook is running"));
        }
        for (Condition c : Condition.of(obj)) {
            if (c.isFalse() && !c.describe().isEmpty()) {
                return Optional.of(Health.progressing(c.type() + " is False: " + c.describe()));
            }
        }
        if (!waitingReason.isEmpty()) {
            return Optional.of(Health.progressing(waitingReason));
        }
        return Optional.of(Health.progressing("Waiting for the notebook pod to be ready"));
    }
}
