package io.jenkins.plugins.gitops.health.cause;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Why an Argo Rollout is Degraded, in the order a person needs it: the AnalysisRuns the Rollout owns
 * that failed, erred or were inconclusive, each with its failing metrics (phase, counts against the
 * limits, the last measurement's value or message), newest run first; then what the controller
 * says (status.message, the step's analysis status) when no run explains it. Failed runs are the
 * root cause of an aborted canary: "the pods are up" is not why a model was rejected.
 */
final class RolloutCauses {

    private static final Set<String> BAD = Set.of("Failed", "Error", "Inconclusive");

    private RolloutCauses() {
    }

    static List<String> of(KubeObject rollout, List<KubeObject> analysisRuns) {
        Set<String> out = new LinkedHashSet<>();
        List<KubeObject> runs = analysisRuns.stream()
                .filter(r -> RootCause.ownedBy(r, rollout))
                .filter(r -> BAD.contains(r.at("/status/phase").asText()))
                .sorted(Comparator.comparing((KubeObject r) -> r.at("/metadata/creationTimestamp").asText("")).reversed())
                .toList();
        for (KubeObject run : runs) {
            out.addAll(ofRun(run));
        }
        if (out.isEmpty()) {
            for (String p : List.of("/status/canary/currentStepAnalysisRunStatus", "/status/canary/currentBackgroundAnalysisRunStatus",
                    "/status/blueGreen/prePromotionAnalysisRunStatus", "/status/blueGreen/postPromotionAnalysisRunStatus")) {
                JsonNode s = rollout.at(p);
                if (BAD.contains(s.path("status").asText())) {
                    out.add("AnalysisRun " + rollout.namespace() + "/" + s.path("name").asText() + " " + s.path("status").asText()
                            + (s.path("message").asText("").isEmpty() ? "" : ": " + s.path("message").asText()));
                }
            }
        }
        String message = rollout.at("/status/message").asText("");
        if (out.isEmpty() && !message.isEmpty() && "Degraded".equals(rollout.at("/status/phase").asText())) {
            out.add("Rollout " + rollout.namespace() + "/" + rollout.name() + ": " + message);
        }
        return new ArrayList<>(out);
    }

    /**
     * {@code AnalysisRun ml/scorer-6f-2-1 Failed: metric success-rate Failed (failed 1 > failureLimit 0):
     * last measurement [0.71]}, one line per metric that did not succeed, or the run's message alone.
     */
    static List<String> ofRun(KubeObject run) {
        String head = "AnalysisRun " + run.namespace() + "/" + run.name() + " " + run.at("/status/phase").asText();
        List<String> lines = new ArrayList<>();
        for (JsonNode m : run.at("/status/metricResults")) {
            String phase = m.path("phase").asText();
            if (!BAD.contains(phase)) {
                continue;
            }
            String name = m.path("name").asText();
            JsonNode spec = metricSpec(run, name);
            StringBuilder b = new StringBuilder(head).append(": metric ").append(name).append(' ').append(phase);
            String counts = counts(m, spec);
            if (!counts.isEmpty()) {
                b.append(" (").append(counts).append(')');
            }
            String detail = m.path("message").asText("");
            JsonNode measurements = m.path("measurements");
            if (measurements.isArray() && !measurements.isEmpty()) {
                JsonNode last = measurements.get(measurements.size() - 1);
                if (!last.path("message").asText("").isEmpty()) {
                    detail = last.path("message").asText();
                } else if (!last.path("value").asText("").isEmpty()) {
                    detail = "last measurement " + last.path("value").asText();
                }
            }
            if (!detail.isEmpty()) {
                b.append(": ").append(detail);
            }
            lines.add(b.toString());
        }
        if (lines.isEmpty()) {
            String message = run.at("/status/message").asText("");
            lines.add(message.isEmpty() ? head : head + ": " + message);
        }
        return lines;
    }

    private static JsonNode metricSpec(KubeObject run, String name) {
        for (JsonNode m : run.at("/spec/metrics")) {
            if (name.equals(m.path("name").asText())) {
                return m;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** {@code failed 2 > failureLimit 1}: the counts that decided, with the limit the metric set (Argo Rollouts' defaults: 0, 0, 4). */
    private static String counts(JsonNode result, JsonNode spec) {
        List<String> parts = new ArrayList<>();
        if (result.path("failed").asLong(0) > 0) {
            parts.add("failed " + result.path("failed").asLong() + " > failureLimit " + spec.path("failureLimit").asText("0"));
        }
        if (result.path("inconclusive").asLong(0) > 0) {
            parts.add("inconclusive " + result.path("inconclusive").asLong() + " > inconclusiveLimit " + spec.path("inconclusiveLimit").asText("0"));
        }
        if (result.path("consecutiveError").asLong(0) > 0) {
            parts.add("consecutiveError " + result.path("consecutiveError").asLong() + " > consecutiveErrorLimit "
                    + spec.path("consecutiveErrorLimit").asText("4"));
        }
        return String.join(", ", parts);
    }
}
