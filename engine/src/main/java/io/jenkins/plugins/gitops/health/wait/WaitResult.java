package io.jenkins.plugins.gitops.health.wait;

import io.jenkins.plugins.gitops.ResultJson;
import io.jenkins.plugins.gitops.health.HealthStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a wait ended: healthy or not and why, the health of every tracked object with its root
 * causes, how long it took and the API requests it made. It owns its verdict ({@link #verdict()},
 * {@link #exitCode()}), its report for a log ({@link #report()}) and its external form
 * ({@link #toMap()}), so that {@code gitops wait} and {@code gitopsWaitHealthy} say the same.
 */
public record WaitResult(String app, Outcome outcome, String summary, List<ObjectHealth> objects, long durationMs,
        Map<String, Long> apiRequests) {

    /** Why the wait ended. */
    public enum Outcome {
        HEALTHY("healthy"), DEGRADED("degraded"), TIMED_OUT("timed out");

        private final String verdict;

        Outcome(String verdict) {
            this.verdict = verdict;
        }

        /** The word a report uses: {@code healthy}, {@code degraded}, {@code timed out}. */
        public String verdict() {
            return verdict;
        }
    }

    /** One object: {@code Kind/ns/name}, its status and message, and what explains it when it is not healthy. */
    public record ObjectHealth(String key, HealthStatus status, String message, List<String> causes) {
        public ObjectHealth {
            causes = List.copyOf(causes);
        }

        /** {@code object}, {@code health}, {@code message}, {@code causes}. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("object", key);
            m.put("health", status.displayName());
            m.put("message", message);
            m.put("causes", new ArrayList<>(causes));
            return m;
        }
    }

    public WaitResult {
        objects = List.copyOf(objects);
        apiRequests = Map.copyOf(apiRequests);
    }

    public boolean healthy() {
        return outcome == Outcome.HEALTHY;
    }

    /** {@code healthy}, {@code degraded} or {@code timed out}. */
    public String verdict() {
        return outcome.verdict();
    }

    /** What a command exits with: 0 healthy, 1 degraded or timed out (a usage error, 2, never gets this far). */
    public int exitCode() {
        return healthy() ? 0 : 1;
    }

    /** The objects that are not healthy (nor suspended when that was allowed) with their causes. */
    public List<ObjectHealth> unhealthy() {
        return objects.stream().filter(o -> o.status() != HealthStatus.HEALTHY).toList();
    }

    /** The tracked Argo Rollouts: with {@code until: paused}, where each stopped (its message: step and weight; "" fully promoted). */
    public List<ObjectHealth> rollouts() {
        return objects.stream().filter(o -> o.key().startsWith("Rollout.argoproj.io/")).toList();
    }

    /**
     * The report for a log, one entry per line: {@code app NAME VERDICT after N ms: SUMMARY}, then
     * each object that is not healthy with its status and message, and its root causes indented
     * below it (a cause of several lines keeps them together, indented).
     */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add("app " + app + " " + verdict() + " after " + durationMs + " ms: " + summary);
        for (ObjectHealth o : unhealthy()) {
            lines.add("  " + o.key() + ": " + o.status().displayName() + (o.message().isEmpty() ? "" : ": " + o.message()));
            for (String cause : o.causes()) {
                lines.add("    - " + cause.replace("\n", "\n      "));
            }
        }
        return lines;
    }

    /**
     * The one external form of a wait, for {@code --output json} and the step's return value:
     * {@code app}, {@code healthy}, {@code outcome} ({@code HEALTHY}, {@code DEGRADED},
     * {@code TIMED_OUT}), {@code summary}, {@code durationMs}, {@code apiRequests} (by verb, sorted)
     * and {@code objects} (object, health, message, causes).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", app);
        m.put("healthy", healthy());
        m.put("outcome", outcome.name());
        m.put("summary", summary);
        m.put("durationMs", durationMs);
        m.put("apiRequests", new LinkedHashMap<>(new TreeMap<>(apiRequests)));
        m.put("objects", new ArrayList<>(objects.stream().map(ObjectHealth::toMap).toList()));
        return m;
    }

    /** {@link #toMap()} as JSON. */
    public String toJson() {
        return ResultJson.write(toMap());
    }
}
