package io.jenkins.plugins.gitops.rollout;

/**
 * One JSON merge patch written to a Rollout: to its {@code status} subresource or (subresource
 * empty) to the object, exactly as kubectl-argo-rollouts sends it.
 */
public record RolloutPatch(String subresource, String json) {

    public RolloutPatch {
        subresource = subresource == null ? "" : subresource;
    }

    static RolloutPatch status(String json) {
        return new RolloutPatch("status", json);
    }

    static RolloutPatch spec(String json) {
        return new RolloutPatch("", json);
    }

    @Override
    public String toString() {
        return (subresource.isEmpty() ? "" : subresource + " ") + json;
    }
}
