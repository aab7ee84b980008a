package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;
import java.util.Set;

/**
 * Rollout health for a wait that ends at a pause ({@code until: paused}): a Rollout that the
 * controller holds at a pause step (pause condition {@code CanaryPauseStep}, {@code BlueGreenPause},
 * or {@code InconclusiveAnalysisRun}: a person must decide) counts as done, with the step and the
 * canary weight in its message, so that a pipeline can run its evaluation stage and then promote
 * or abort. Everything else is the ordinary rule: finished is Healthy, a failed analysis or an
 * abort is Degraded (an abort not yet reconciled too), not yet observed is Progressing. A pause
 * someone cleared but the controller has not acted on yet ({@code controllerPause} without pause
 * conditions: a promote under way) is not the pause waited for; neither is a manual pause
 * ({@code spec.paused}), which holds the wait.
 */
public final class RolloutPauseRule implements HealthRule {

    private static final Set<String> STEP_PAUSES = Set.of("CanaryPauseStep", "BlueGreenPause", "InconclusiveAnalysisRun");
    private static final HealthRule ROLLOUT = new RolloutHealth();

    @Override
    public Optional<Health> assess(KubeObject obj) {
        Health base = ROLLOUT.assess(obj).orElseThrow();
        if (base.status() == HealthStatus.PROGRESSING && RolloutHealth.NOT_OBSERVED.equals(base.message())) {
            return Optional.of(base);
        }
        if (obj.at("/status/abort").asBoolean(false) && base.status() != HealthStatus.DEGRADED) {
            return Optional.of(Health.degraded("Rollout is aborted"));
        }
        JsonNode pauses = obj.at("/status/pauseConditions");
        String reason = pauses.isArray() && !pauses.isEmpty() ? pauses.get(0).path("reason").asText("") : "";
        if (base.status() == HealthStatus.SUSPENDED && STEP_PAUSES.contains(reason) && !obj.at("/spec/paused").asBoolean(false)) {
            return Optional.of(Health.healthy(pausedAt(obj) + ": " + reason));
        }
        return Optional.of(base);
    }

    /** {@code paused at step 1/3, canary weight 25}, or {@code paused before promotion} for blue-green. */
    static String pausedAt(KubeObject obj) {
        JsonNode steps = obj.at("/spec/strategy/canary/steps");
        if (!obj.at("/spec/strategy/canary").isObject()) {
            return "paused before promotion (preview " + obj.at("/status/blueGreen/previewSelector").asText("?") + ")";
        }
        int count = steps.isArray() ? steps.size() : 0;
        int index = obj.at("/status/currentStepIndex").asInt(0);
        int weight = 0;
        for (int i = Math.min(index, count - 1); i >= 0; i--) {
            if (steps.get(i).has("setWeight")) {
                weight = steps.get(i).path("setWeight").asInt();
                break;
            }
        }
        return "paused at step " + index + "/" + count + ", canary weight " + weight;
    }
}
