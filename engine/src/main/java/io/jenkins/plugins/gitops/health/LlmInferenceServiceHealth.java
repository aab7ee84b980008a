package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;

/**
 * serving.kserve.io/v1alpha1 LLMInferenceService (KServe): Knative-style {@code status.conditions}
 * with a {@code severity}, plus {@code observedGeneration} and {@code url}. As in Knative, only
 * conditions without a severity (Error) decide: Ready=True is Healthy, a False one Degraded,
 * Unknown or absent Progressing. Conditions of severity Warning or Info are ignored, and the
 * message lists the deciding conditions that are not True.
 */
final class LlmInferenceServiceHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        if (!obj.at("/status/conditions").isArray()) {
            return Optional.of(Health.progressing("Waiting for LLMInferenceService to report status"));
        }
        List<Condition> deciding = new java.util.ArrayList<>();
        var array = obj.at("/status/conditions");
        for (int i = 0; i < array.size(); i++) {
            String severity = array.get(i).path("severity").asText("");
            if (severity.isEmpty() || severity.equals("Error")) {
                deciding.add(Condition.parse(array).get(i));
            }
        }
        boolean ready = deciding.stream().anyMatch(c -> c.type().equals("Ready") && c.isTrue());
        boolean anyFalse = deciding.stream().anyMatch(Condition::isFalse);
        if (ready && !anyFalse) {
            return Optional.of(Health.healthy(obj.at("/status/url").asText("")));
        }
        String message = NotTrueConditions.describe(deciding);
        return Optional.of(anyFalse ? Health.degraded(message) : Health.progressing(message.isEmpty() ? "Waiting for Ready" : message));
    }
}
