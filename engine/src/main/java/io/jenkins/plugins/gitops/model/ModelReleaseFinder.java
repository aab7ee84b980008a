package io.jenkins.plugins.gitops.model;

import java.time.Instant;
import java.util.List;

/** Finds the newest version of a model that a {@link ModelVersionPolicy} accepts, with its artifact. */
public final class ModelReleaseFinder {

    private final ModelRegistryClient client;

    public ModelReleaseFinder(ModelRegistryClient client) {
        this.client = client;
    }

    /**
     * @throws ModelRegistryException when the model is unknown, or none of its versions qualifies
     *         (the message lists the newest few and what the policy asked)
     */
    public ModelRelease newest(String modelName, ModelVersionPolicy policy) {
        RegisteredModel model = client.registeredModel(modelName);
        List<ModelVersion> seen = client.versions(model, policy::accepts);
        // The registry sorts by creation time; equal times (a batch registration) fall back to the higher id.
        ModelVersion chosen = seen.stream().filter(policy::accepts)
                .max(java.util.Comparator.comparingLong(ModelVersion::created).thenComparingLong(v -> numeric(v.id())))
                .orElseThrow(() -> new ModelRegistryException("model '" + modelName + "': no version is " + policy.describe()
                        + (seen.isEmpty() ? " (the model has no versions)" : "; newest: " + newest(seen)), 0));
        return new ModelRelease(model, chosen, client.modelArtifact(chosen).orElse(null));
    }

    private static String newest(List<ModelVersion> versions) {
        return versions.stream().limit(5)
                .map(v -> v.name() + " (" + v.state() + ", " + Instant.ofEpochMilli(v.created()) + (v.properties().isEmpty() ? "" : ", " + v.properties()) + ")")
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static long numeric(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
