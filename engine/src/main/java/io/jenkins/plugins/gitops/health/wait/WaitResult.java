package io.jenkins.plugins.gitops.health.wait;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.health.HealthStatus;
import java.util.List;
import java.util.Map;

/**
 * How a wait ended: healthy or not and why, the health of every tracked object with its root
 * causes, how long it took and the API requests it made.
 */
public record WaitResult(String app, Outcome outcome, String summary, List<ObjectHealth> objects, long durationMillis,
        Map<String, Long> apiRequests) {

    /** Why the wait ended. */
    public enum Outcome {
        HEALTHY, DEGRADED, TIMED_OUT
    }

    /** One object: {@code Kind/ns/name}, its status and message, and what explains it when it is not healthy. */
    public record ObjectHealth(String key, HealthStatus status, String message, List<String> causes) {
        public ObjectHealth {
            causes = List.copyOf(causes);
        }
    }

    public WaitResult {
        objects = List.copyOf(objects);
        apiRequests = Map.copyOf(apiRequests);
    }

    public boolean healthy() {
        return outcome == Outcome.HEALTHY;
    }

    /** The objects that are not healthy (nor suspended when that was allowed) with their causes. */
    public List<ObjectHealth> unhealthy() {
        return objects.stream().filter(o -> o.status() != HealthStatus.HEALTHY).toList();
    }

    public String toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode().put("app", app).put("healthy", healthy()).put("outcome", outcome.name())
                .put("summary", summary).put("durationMillis", durationMillis);
        root.set("apiRequests", m.valueToTree(new java.util.TreeMap<>(apiRequests)));
        ArrayNode arr = root.putArray("objects");
        for (ObjectHealth o : objects) {
            ObjectNode n = arr.addObject().put("object", o.key()).put("health", o.status().displayName()).put("message", o.message());
            o.causes().forEach(n.putArray("causes")::add);
        }
        return root.toString();
    }
}
