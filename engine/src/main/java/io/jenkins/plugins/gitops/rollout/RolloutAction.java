package io.jenkins.plugins.gitops.rollout;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What can be done to a live Rollout, as kubectl-argo-rollouts names it. */
public enum RolloutAction {
    /** Clear the pause (a canary pause step, a blue-green preview); {@code full} skips every remaining step and analysis. */
    PROMOTE,
    /** Stop the update and go back to the stable ReplicaSet ({@code status.abort: true}). */
    ABORT,
    /** Start an aborted update over ({@code status.abort: false}). */
    RETRY,
    /** Restart the Rollout's Pods ({@code spec.restartAt}). */
    RESTART,
    /** Hold the Rollout where it is ({@code spec.paused: true}). */
    PAUSE;

    /** {@code promote}, {@code abort}...; anything else is refused naming the valid actions. */
    public static RolloutAction parse(String name) {
        String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.name().equals(n)).findFirst()
                .orElseThrow(() -> new RolloutRefusal("unknown rollout action '" + name + "': use one of " + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(RolloutAction::label).collect(Collectors.joining(", "));
    }

    /** The lower-case name, as typed. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
