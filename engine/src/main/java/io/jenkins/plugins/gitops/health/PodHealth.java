package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * core/Pod, as Argo CD. Long-running pods (restartPolicy Always) with a container waiting on an
 * error ({@code ErrImagePull}, {@code CreateContainerConfigError}, {@code CrashLoopBackOff}...) are
 * Degraded at once. Pods with Never or OnFailure are not, because they are typically sync hooks:
 * failing a hook for an image pull that later recovers would leave a hook that runs after the sync
 * has already been given up. Then by phase: Pending Progressing, Succeeded Healthy, Failed Degraded,
 * Running Healthy when Ready (Always) or Progressing (finite pods are not done until they succeed).
 */
final class PodHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(obj));
    }

    private static Health health(KubeObject obj) {
        // The API server defaults restartPolicy to Always; a manifest that omits it means Always.
        String restartPolicy = obj.at("/spec/restartPolicy").asText("Always");
        String podMessage = obj.at("/status/message").asText("");
        if ("Always".equals(restartPolicy)) {
            List<String> errors = waitingErrors(obj.at("/status/containerStatuses"));
            if (!errors.isEmpty()) {
                return Health.degraded(String.join(", ", errors));
            }
        }
        switch (obj.at("/status/phase").asText("")) {
            case "Pending":
                return Health.progressing(podMessage);
            case "Succeeded":
                return Health.healthy(podMessage);
            case "Failed":
                return Health.degraded(podMessage.isEmpty() ? failureOfContainers(obj) : podMessage);
            case "Running":
                return running(obj, restartPolicy, podMessage);
            default:
                return Health.unknown(podMessage);
        }
    }

    private static Health running(KubeObject obj, String restartPolicy, String podMessage) {
        if (!"Always".equals(restartPolicy)) {
            return Health.progressing(podMessage);
        }
        if (Condition.find(obj, "Ready").map(Condition::isTrue).orElse(false)) {
            return Health.healthy(podMessage);
        }
        // Not ready and a container has terminated before: it is restarting, not starting.
        for (JsonNode c : obj.at("/status/containerStatuses")) {
            if (c.path("lastState").path("terminated").isObject()) {
                return Health.degraded(podMessage.isEmpty() ? "container \"" + c.path("name").asText() + "\" restarted and is not ready" : podMessage);
            }
        }
        return Health.progressing(podMessage);
    }

    /** Messages (or reasons, when a message is absent) of containers waiting on an error. */
    private static List<String> waitingErrors(JsonNode statuses) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : statuses) {
            JsonNode waiting = c.path("state").path("waiting");
            String reason = waiting.path("reason").asText("");
            if (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff")) {
                String message = waiting.path("message").asText("");
                out.add(message.isEmpty() ? reason : message);
            }
        }
        return out;
    }

    /** The first useful termination message of an init or app container of a failed pod. */
    private static String failureOfContainers(KubeObject obj) {
        List<JsonNode> all = new ArrayList<>();
        obj.at("/status/initContainerStatuses").forEach(all::add);
        obj.at("/status/containerStatuses").forEach(all::add);
        for (JsonNode c : all) {
            JsonNode terminated = c.path("state").path("terminated");
            if (!terminated.isObject()) {
                continue;
            }
            if (!terminated.path("message").asText("").isEmpty()) {
                return terminated.path("message").asText();
            }
            if ("OOMKilled".equals(terminated.path("reason").asText())) {
                return "OOMKilled";
            }
            if (terminated.path("exitCode").asInt(0) != 0) {
                return "container \"" + c.path("name").asText() + "\" failed with exit code " + terminated.path("exitCode").asInt();
            }
        }
        return "";
    }
}
