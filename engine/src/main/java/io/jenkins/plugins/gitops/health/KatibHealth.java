package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Katib's kubeflow.org/v1beta1 Experiment, Trial and Suggestion. Their CRDs declare no schema
 * ({@code x-kubernetes-preserve-unknown-fields}), so the rule follows Katib's API types: a list of
 * conditions where the controller keeps the current one True and turns earlier ones False
 * (Experiment: Created, Running, Restarting, Succeeded, Failed; Trial: Created, Running,
 * Succeeded, Killed, Failed, MetricsUnavailable, EarlyStopped; Suggestion: Created,
 * DeploymentReady, Running, Succeeded, Failed), and trial counters on the Experiment.
 */
final class KatibHealth implements HealthRule {

    static final KatibHealth EXPERIMENT = new KatibHealth("Experiment", Set.of("Succeeded"), Set.of("Failed"));
    static final KatibHealth TRIAL = new KatibHealth("Trial", Set.of("Succeeded", "EarlyStopped"),
            Set.of("Failed", "Killed", "MetricsUnavailable"));
    /** A Suggestion is a service for its Experiment: Running means it serves, so it is Healthy. */
    static final KatibHealth SUGGESTION = new KatibHealth("Suggestion", Set.of("Succeeded", "Running"), Set.of("Failed"));

    private final String kind;
    private final Set<String> healthy;
    private final Set<String> degraded;

    private KatibHealth(String kind, Set<String> healthy, Set<String> degraded) {
        this.kind = kind;
        this.healthy = healthy;
        this.degraded = degraded;
    }

    @Override
    public Optional<Health> assess(KubeObject obj) {
        List<Condition> conditions = Condition.of(obj);
        for (Condition c : conditions) {
            if (c.isTrue() && degraded.contains(c.type())) {
                return Optional.of(Health.degraded(c.type() + ": " + orElse(c.describe(), kind + " " + c.type())));
            }
        }
        for (Condition c : conditions) {
            if (c.isTrue() && healthy.contains(c.type())) {
                return Optional.of(Health.healthy(join(c.type() + ": " + c.describe(), trials(obj))));
            }
        }
        if (conditions.isEmpty()) {
            return Optional.of(Health.progressing("Waiting for the Katib controller to report status"));
        }
        // The newest condition is last. When it is False (a Suggestion's DeploymentReady=False),
        // it says what the object is waiting for; otherwise the newest True one is the current state.
        Condition last = conditions.get(conditions.size() - 1);
        if (last.isFalse()) {
            return Optional.of(Health.progressing(last.type() + " is False: " + last.describe()));
        }
        Optional<Condition> current = conditions.stream().filter(Condition::isTrue).reduce((a, b) -> b);
        if (current.isEmpty()) {
            return Optional.of(Health.progressing(last.type() + " is " + last.status() + ": " + last.describe()));
        }
        return Optional.of(Health.progressing(join(current.get().type() + ": " + current.get().describe(), trials(obj))));
    }

    /** {@code 3/10 trials succeeded, 1 failed, 2 running} for an Experiment; empty otherwise. */
    private static String trials(KubeObject obj) {
        if (!obj.at("/status/trials").isNumber()) {
            return "";
        }
        return obj.at("/status/trialsSucceeded").asLong(0) + "/" + obj.at("/status/trials").asLong() + " trials succeeded, "
                + obj.at("/status/trialsFailed").asLong(0) + " failed, " + obj.at("/status/trialsRunning").asLong(0) + " running";
    }

    private static String join(String head, String tail) {
        return tail.isEmpty() ? head : head + " (" + tail + ")";
    }

    private static String orElse(String text, String fallback) {
        return text.isEmpty() ? fallback : text;
    }
}
