package io.jenkins.plugins.gitops.health.cause;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The conditions that say an object is failing: any condition False whose type claims a good
 * state (Ready, Available, Succeeded, ...), or True whose type names a failure (Failed, Stalled,
 * ReplicaFailure). Printed as {@code Ready is False: ModelLoadFailed: message}.
 */
final class FailingConditions {

    private static final Set<String> BAD_WHEN_TRUE = Set.of("Failed", "Stalled", "ReplicaFailure", "Degraded", "Killed", "MetricsUnavailable");
    private static final Set<String> NEUTRAL = Set.of("Suspended", "Progressing", "Reconciling", "Restarting", "Running",
            "Created", "Complete", "Completed", "Succeeded", "Initialized", "PodScheduled", "DisruptionTarget");

    private FailingConditions() {
    }

    static List<String> of(KubeObject obj) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : obj.at("/status/conditions")) {
            String type = c.path("type").asText();
            String status = c.path("status").asText();
            boolean bad = "True".equals(status) && BAD_WHEN_TRUE.contains(type)
                    || "False".equals(status) && !BAD_WHEN_TRUE.contains(type) && !NEUTRAL.contains(type)
                    || "Progressing".equals(type) && "ProgressDeadlineExceeded".equals(c.path("reason").asText());
            if (bad && !"Info".equals(c.path("severity").asText()) && !"Warning".equals(c.path("severity").asText())) {
                String reason = c.path("reason").asText("");
                String message = c.path("message").asText("");
                StringBuilder b = new StringBuilder(obj.kind()).append(' ').append(obj.namespace().isEmpty() ? obj.name() : obj.namespace() + "/" + obj.name())
                        .append(": ").append(type).append(" is ").append(status);
                if (!reason.isEmpty()) {
                    b.append(": ").append(reason);
                }
                if (!message.isEmpty()) {
                    b.append(": ").append(message);
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
