package io.jenkins.plugins.gitops.plugin.triggers;

import hudson.model.Cause;

/** "Started by a new model version": shown on the build page of a model-triggered build. */
public final class ModelVersionCause extends Cause {

    private final String model;
    private final String version;
    private final String uri;

    public ModelVersionCause(String model, String version, String uri) {
        this.model = model;
        this.version = version;
        this.uri = uri;
    }

    public String getModel() {
        return model;
    }

    public String getVersion() {
        return version;
    }

    public String getUri() {
        return uri;
    }

    @Override
    public String getShortDescription() {
        return "Started by model " + model + " version " + version + (uri == null || uri.isEmpty() ? "" : " (" + uri + ")");
    }
}
