package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;

/**
 * What a {@link SyncRequest} asks the engine for. Never persisted in a job or step configuration
 * (requests are built when a step runs); {@link #record()} is the word a build's GitOps summary
 * stores for it, unchanged from the strings this enum replaced.
 */
public enum SyncMode {
    /** Apply the manifests ({@code gitopsSync}, {@code gitopsApps}). */
    SYNC("sync", "gitopsSync", false),
    /** What a sync would change, written nowhere ({@code gitopsDiff}, {@code gitopsApps} with {@code dryRun}). */
    DIFF("diff", "gitopsDiff", true),
    /** Re-apply an entry of the app's history ({@code gitopsRollback}, a failed health wait's {@code rollbackOnFailure}). */
    ROLLBACK("rollback", "gitopsRollback", false),
    /** The live state against the manifests of the last sync ({@code gitopsDriftTrigger}). */
    DRIFT("drift", "gitopsDriftTrigger", true);

    private final String record;
    private final String step;
    private final boolean readOnly;

    SyncMode(String record, String step, boolean readOnly) {
        this.record = record;
        this.step = step;
        this.readOnly = readOnly;
    }

    /** The step column of a build's GitOps summary ({@link GitopsRecord#getStep()}): {@code sync}, {@code diff}, ... */
    public String record() {
        return record;
    }

    /** The step (or trigger) name that starts messages. */
    public String step() {
        return step;
    }

    /** Whether the mode never writes: its requests are dry runs. */
    public boolean readOnly() {
        return readOnly;
    }
}
