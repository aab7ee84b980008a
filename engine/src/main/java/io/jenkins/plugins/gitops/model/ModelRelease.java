package io.jenkins.plugins.gitops.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model version a continuous-training or deployment job should act on, with its artifact.
 * {@link #parameters()} is what a Jenkins build receives.
 */
public record ModelRelease(RegisteredModel model, ModelVersion version, ModelArtifact artifact) {

    /** MODEL_NAME, MODEL_VERSION, MODEL_VERSION_ID, MODEL_URI, MODEL_FORMAT: the names the trigger and the CLI use. */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MODEL_NAME", model.name());
        p.put("MODEL_VERSION", version.name());
        p.put("MODEL_VERSION_ID", version.id());
        p.put("MODEL_URI", artifact == null ? "" : artifact.uri());
        p.put("MODEL_FORMAT", artifact == null ? "" : artifact.formatName());
        return p;
    }

    /** What a trigger remembers so that it never fires twice for one version. */
    public String key() {
        return model.id() + "/" + version.id();
    }
}
