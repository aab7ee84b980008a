package io.jenkins.plugins.gitops.plugin.triggers;

import hudson.model.Cause;
import io.jenkins.plugins.gitops.plugin.agent.RenderRunner;

/** "Started by GitOps drift": shown on the build page of a drift-triggered build. */
public final class DriftCause extends Cause {

    private final String app;
    private final String revision;
    private final String reason;

    public DriftCause(String app, String revision, String reason) {
        this.app = app;
        this.revision = revision;
        this.reason = reason;
    }

    public String getApp() {
        return app;
    }

    public String getRevision() {
        return revision;
    }

    public String getReason() {
        return reason;
    }

    @Override
    public String getShortDescription() {
        return "Started by GitOps drift of app " + app + " at " + RenderRunner.shortSha(revision) + ": " + reason;
    }
}
