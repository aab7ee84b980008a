package io.jenkins.plugins.gitops.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.health.Health;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a Rollout stands, as {@code kubectl argo rollouts get} shows it: phase and message (the
 * plugin's GetRolloutPhase: not observed yet, unpausing, else the controller's {@code status.phase}),
 * the canary step ({@code currentStepIndex} of the number of steps), the weight the steps set and
 * the weight actually served, and the images of the stable and the canary (or preview) ReplicaSets.
 *
 * @param step       {@code status.currentStepIndex}, or -1 for blue-green and canaries without steps
 * @param setWeight  the weight the steps so far have set (0 when aborted, 100 when done; -1 for blue-green)
 * @param actualWeight the canary's share: traffic weight with traffic routing, else its share of available Pods
 * @param analysis   the current step's (or pre-promotion) AnalysisRun: {@code name status[: message]}, or ""
 */
public record RolloutStatus(String namespace, String name, String strategy, String phase, String message, int step, int steps,
        int setWeight, int actualWeight, String stableHash, String canaryHash, List<String> stableImages, List<String> canaryImages,
        boolean aborted, List<String> pauseReasons, String analysis, long desired, long current, long updated, long ready, long available) {

    public RolloutStatus {
        stableImages = List.copyOf(stableImages);
        canaryImages = List.copyOf(canaryImages);
        pauseReasons = List.copyOf(pauseReasons);
    }

    /** True when the Rollout waits at a pause (a canary pause step, a blue-green preview, a manual pause, an inconclusive analysis). */
    public boolean paused() {
        return "Paused".equals(phase);
    }

    /** True when every step is done and the current pod template is the stable one. */
    public boolean fullyPromoted() {
        return !canaryHash.isEmpty() && canaryHash.equals(stableHash);
    }

    /** The status of a Rollout and the ReplicaSets it owns (any list: those it owns are picked by owner and hash label). */
    public static RolloutStatus of(KubeObject ro, List<KubeObject> replicaSets) {
        JsonNode status = ro.at("/status");
        JsonNode canary = ro.at("/spec/strategy/canary");
        String strategy = canary.isObject() ? "Canary" : ro.at("/spec/strategy/blueGreen").isObject() ? "BlueGreen" : "Unknown";
        String[] pm = phase(ro);
        int steps = canary.path("steps").isArray() ? canary.path("steps").size() : 0;
        int step = canary.isObject() && steps > 0 && status.has("currentStepIndex") ? status.path("currentStepIndex").asInt() : -1;
        int setWeight = canary.isObject() ? setWeight(ro, steps) : -1;
        String stable = status.path("stableRS").asText(status.path("canary").path("stableRS").asText(""));
        String current = status.path("currentPodHash").asText("");
        List<String> stableImages = images(ro, replicaSets, stable);
        List<String> canaryImages = images(ro, replicaSets, current);
        if (canaryImages.isEmpty()) {
            canaryImages = containers(ro.at("/spec/template/spec/containers"));
        }
        int actual = canary.isObject() ? actualWeight(ro, replicaSets, current, setWeight, steps) : -1;
        List<String> reasons = new ArrayList<>();
        status.path("pauseConditions").forEach(c -> reasons.add(c.path("reason").asText()));
        JsonNode run = status.path("canary").path("currentStepAnalysisRunStatus");
        if (!run.isObject()) {
            run = status.path("blueGreen").path("prePromotionAnalysisRunStatus");
        }
        String analysis = run.isObject() ? (run.path("name").asText() + " " + run.path("status").asText()
                + (run.path("message").asText("").isEmpty() ? "" : ": " + run.path("message").asText())).strip() : "";
        return new RolloutStatus(ro.namespace(), ro.name(), strategy, pm[0], pm[1], step, steps, setWeight, actual, stable, current,
                stableImages, canaryImages, status.path("abort").asBoolean(false), reasons, analysis,
                ro.at("/spec/replicas").asLong(1), status.path("replicas").asLong(0), status.path("updatedReplicas").asLong(0),
                status.path("readyReplicas").asLong(0), status.path("availableReplicas").asLong(0));
    }

    /** kubectl-argo-rollouts' GetRolloutPhase; for controllers before v1.0 (no status.phase), the health rule's verdict. */
    static String[] phase(KubeObject ro) {
        JsonNode status = ro.at("/status");
        String observed = status.path("observedGeneration").asText("");
        if (observed.chars().allMatch(Character::isDigit) && !observed.isEmpty()
                && Long.parseLong(observed) < ro.at("/metadata/generation").asLong(0)) {
            return new String[] {"Progressing", "waiting for rollout spec update to be observed"};
        }
        if (status.path("controllerPause").asBoolean(false) && status.path("pauseConditions").isEmpty()
                && !ro.at("/spec/paused").asBoolean(false) && !status.path("phase").asText("").equals("Degraded")
                && !status.path("phase").asText("").equals("Healthy")) {
            return new String[] {"Progressing", "waiting for rollout to unpause"};
        }
        String phase = status.path("phase").asText("");
        if (!phase.isEmpty()) {
            return new String[] {phase, status.path("message").asText("")};
        }
        Optional<Health> h = new HealthAssessor().assess(ro);
        String p = h.map(x -> switch (x.status()) {
            case HEALTHY -> "Healthy";
            case SUSPENDED -> "Paused";
            case DEGRADED -> "Degraded";
            case PROGRESSING, MISSING -> "Progressing";
            case UNKNOWN -> "Unknown";
        }).orElse("Unknown");
        return new String[] {p, h.map(Health::message).orElse("")};
    }

    /** Argo Rollouts' GetCurrentSetWeight. */
    static int setWeight(KubeObject ro, int steps) {
        if (ro.at("/status/abort").asBoolean(false)) {
            return 0;
        }
        int index = ro.at("/status/currentStepIndex").asInt(0);
        if (steps == 0 || index >= steps) {
            return 100;
        }
        JsonNode list = ro.at("/spec/strategy/canary/steps");
        for (int i = index; i >= 0; i--) {
            if (list.get(i).has("setWeight")) {
                return list.get(i).path("setWeight").asInt();
            }
        }
        return 0;
    }

    private static int actualWeight(KubeObject ro, List<KubeObject> sets, String current, int setWeight, int steps) {
        int index = ro.at("/status/currentStepIndex").asInt(0);
        if (steps == 0 || index >= steps) {
            return 100;
        }
        long available = ro.at("/status/availableReplicas").asLong(0);
        if (available == 0) {
            return 0;
        }
        if (ro.at("/spec/strategy/canary/trafficRouting").isObject()) {
            JsonNode w = ro.at("/status/canary/weights/canary/weight");
            return w.isNumber() ? w.asInt() : setWeight;
        }
        return owned(ro, sets, current).map(rs -> (int) (rs.at("/status/availableReplicas").asLong(0) * 100 / available)).orElse(0);
    }

    private static Optional<KubeObject> owned(KubeObject ro, List<KubeObject> sets, String hash) {
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        String uid = ro.at("/metadata/uid").asText("");
        return sets.stream().filter(rs -> rs.namespace().equals(ro.namespace()))
                .filter(rs -> hash.equals(rs.labels().get("rollouts-pod-template-hash")))
                .filter(rs -> {
                    for (JsonNode ref : rs.at("/metadata/ownerReferences")) {
                        if (uid.isEmpty() ? ro.name().equals(ref.path("name").asText()) : uid.equals(ref.path("uid").asText())) {
                            return true;
                        }
                    }
                    return false;
                }).findFirst();
    }

    private static List<String> images(KubeObject ro, List<KubeObject> sets, String hash) {
        return owned(ro, sets, hash).map(rs -> containers(rs.at("/spec/template/spec/containers"))).orElse(List.of());
    }

    private static List<String> containers(JsonNode containers) {
        List<String> out = new ArrayList<>();
        containers.forEach(c -> out.add(c.path("name").asText() + "=" + c.path("image").asText()));
        return out;
    }

    /** {@code 1/3}, or "" when the Rollout has no steps. */
    public String stepText() {
        return step < 0 ? "" : step + "/" + steps;
    }

    public ObjectNode toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode().put("rollout", "Rollout/" + namespace + "/" + name).put("strategy", strategy)
                .put("phase", phase).put("message", message).put("paused", paused()).put("aborted", aborted)
                .put("fullyPromoted", fullyPromoted());
        if (step >= 0) {
            n.put("step", step).put("steps", steps);
        }
        if (setWeight >= 0) {
            n.put("setWeight", setWeight).put("actualWeight", actualWeight);
        }
        n.put("stableRS", stableHash).put("currentPodHash", canaryHash);
        stableImages.forEach(n.putArray("stableImages")::add);
        canaryImages.forEach(n.putArray("canaryImages")::add);
        pauseReasons.forEach(n.putArray("pauseReasons")::add);
        n.put("analysis", analysis);
        n.putObject("replicas").put("desired", desired).put("current", current).put("updated", updated).put("ready", ready).put("available", available);
        return n;
    }

    /** The lines {@code gitops rollout status} prints. */
    public List<String> toText() {
        List<String> out = new ArrayList<>();
        out.add("Rollout " + namespace + "/" + name + " (" + strategy + ")");
        out.add("  Status:   " + phase + (message.isEmpty() ? "" : ": " + message));
        if (step >= 0) {
            out.add("  Step:     " + stepText());
        }
        if (setWeight >= 0) {
            out.add("  Weight:   set " + setWeight + ", actual " + actualWeight);
        }
        String canaryLabel = "Canary".equals(strategy) ? "Canary" : "Preview";
        out.add("  Stable:   " + (stableHash.isEmpty() ? "-" : stableHash) + " " + String.join(" ", stableImages));
        if (!fullyPromoted()) {
            out.add("  " + canaryLabel + ":   " + canaryHash + " " + String.join(" ", canaryImages));
        }
        if (!analysis.isEmpty()) {
            out.add("  Analysis: " + analysis);
        }
        out.add("  Replicas: desired " + desired + ", current " + current + ", updated " + updated + ", ready " + ready + ", available " + available);
        return out;
    }
}
