package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * serving.kserve.io/InferenceService (KServe), after Argo CD's shipped Lua check. A predictor
 * scaled to zero on purpose ({@code minReplicas: 0}, or {@code Stopped=True}) is Suspended. A model
 * whose {@code modelStatus.transitionStatus} is neither UpToDate nor InProgress (for example
 * BlockedByFailedLoad or InvalidSpec) is Degraded. Otherwise every condition but Stopped must be
 * True: any False is Degraded, Unknown only is Progressing. The message lists what is not True.
 * Where the Lua script's last branch disagrees with its own intent (a model InProgress with all
 * conditions True comes out Degraded; Unknown next to False comes out Progressing) we follow the
 * intent: InProgress is Progressing and any False is Degraded.
 */
final class InferenceServiceHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        if (!obj.at("/status").isObject()) {
            return Optional.of(Health.progressing("Waiting for InferenceService to report status..."));
        }
        List<String> problems = new ArrayList<>();
        boolean progressing = false;
        boolean degraded = false;
        String transition = obj.at("/status/modelStatus/transitionStatus").asText("");
        if (!transition.isEmpty() && !"UpToDate".equals(transition)) {
            progressing = "InProgress".equals(transition);
            degraded = !progressing;
            problems.add("transitionStatus " + transition);
        }
        if (!obj.at("/status/conditions").isArray()) {
            return Optional.of(Health.progressing("Waiting for InferenceService to report status..."));
        }
        boolean stopped = obj.at("/spec/predictor/minReplicas").isNumber() && obj.at("/spec/predictor/minReplicas").asLong() == 0;
        int unknown = 0;
        int falses = 0;
        for (Condition c : Condition.of(obj)) {
            if ("Stopped".equals(c.type())) {
                stopped |= c.isTrue();
                continue;
            }
            if (c.isTrue()) {
                continue;
            }
            if (c.isFalse()) {
                falses++;
            } else {
                unknown++;
            }
            problems.add(c.type() + " is " + c.status() + (c.describe().isEmpty() ? "" : ": " + c.describe()));
        }
        String message = String.join("; ", problems);
        if (stopped) {
            return Optional.of(Health.suspended("InferenceService is suspended (minReplicas=0 or Stopped=True)"));
        }
        if (!progressing && !degraded && unknown == 0 && falses == 0) {
            return Optional.of(canary(obj));
        }
        if (!degraded && falses == 0) {
            return Optional.of(Health.progressing(message));
        }
        return Optional.of(Health.degraded(message));
    }

    /**
     * A Ready InferenceService, with what its predictor revisions say (KServe canary rollout,
     * {@code spec.predictor.canaryTrafficPercent}): a latest revision created but not ready yet is
     * Progressing (traffic stays where it was); a split between the latest ready revision and the
     * rolled-out one is Healthy, named in the message with both percentages.
     */
    private static Health canary(KubeObject obj) {
        var p = obj.at("/status/components/predictor");
        String created = p.path("latestCreatedRevision").asText("");
        String ready = p.path("latestReadyRevision").asText("");
        if (!created.isEmpty() && !ready.isEmpty() && !created.equals(ready)) {
            return Health.progressing("Waiting for revision " + created + " to be ready (traffic stays on " + ready + ")");
        }
        List<String> split = new ArrayList<>();
        for (var t : p.path("traffic")) {
            if (t.path("percent").asLong(0) > 0) {
                String role = t.path("latestRevision").asBoolean(false) ? "latest" : t.path("revisionName").asText().equals(p.path("latestRolledoutRevision").asText())
                        ? "rolled out" : "previous";
                split.add(t.path("percent").asLong() + "% to " + t.path("revisionName").asText() + " (" + role + ")");
            }
        }
        if (split.size() > 1) {
            return Health.healthy("InferenceService is healthy; canary: " + String.join(", ", split));
        }
        return Health.healthy("InferenceService is healthy.");
    }
}
