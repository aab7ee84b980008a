package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * argoproj.io/AnalysisRun, as Argo CD's Lua check: Pending and Running are Progressing,
 * Successful is Healthy, Failed and Error are Degraded, Inconclusive is Unknown (nobody can say
 * whether the canary is good: a person must decide), each with {@code status.message} when the
 * controller wrote one. A run without a status has not been reconciled yet.
 */
final class AnalysisRunHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        if (!obj.at("/status").isObject() || obj.at("/status/phase").asText("").isEmpty()) {
            return Optional.of(Health.progressing("Waiting for analysis run to finish: status has not been reconciled."));
        }
        String message = obj.at("/status/message").asText("");
        String phase = obj.at("/status/phase").asText("");
        return Optional.of(switch (phase) {
            case "Pending", "Running" -> Health.progressing("Analysis run is running");
            case "Successful" -> Health.healthy(or(message, "Analysis run completed successfully"));
            case "Failed" -> Health.degraded(or(message, "Analysis run failed"));
            case "Error" -> Health.degraded(or(message, "Analysis run had an error"));
            case "Inconclusive" -> Health.unknown(or(message, "Analysis run was inconclusive"));
            // Argo CD returns an empty status here; a phase nobody knows is a question, not a pass
            default -> Health.unknown("AnalysisRun reports an unknown status.phase \"" + phase + "\"");
        });
    }

    private static String or(String message, String fallback) {
        return message.isEmpty() ? fallback : message;
    }
}
