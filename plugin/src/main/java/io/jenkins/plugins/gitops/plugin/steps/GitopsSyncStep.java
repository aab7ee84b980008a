package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import io.jenkins.plugins.gitops.plugin.agent.SyncMode;
import io.jenkins.plugins.gitops.plugin.agent.SyncRequest;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsSync}: makes the cluster match the manifests with the engine's sync (ordered
 * server-side apply, hooks, waves, prune, inventory and history), on the agent that holds the
 * workspace. Returns the engine's result as a map: {@code status}, {@code message}, counts per
 * action ({@code created}, {@code configured}, {@code unchanged}, {@code pruned}, {@code skipped},
 * {@code failed}), {@code writes}, {@code apiCalls}, {@code durationMs}, {@code revision},
 * {@code digest}, {@code historyId}, {@code inSync} and {@code objects} (per object {@code kind},
 * {@code namespace}, {@code name}, {@code action}, {@code reason}...). A failed sync fails the step
 * with the engine's message. Interrupted by a controller restart it fails; running it again is safe.
 */
public final class GitopsSyncStep extends AbstractSyncStep {

    static final int DEFAULT_TIMEOUT_MINUTES = SyncRequest.DEFAULT_TIMEOUT_MINUTES;
    static final String DEFAULT_TIMEOUT = DEFAULT_TIMEOUT_MINUTES + "m";

    private boolean pruneLast;
    private boolean dryRun;
    private boolean force;
    private boolean forceConflicts = true;
    private boolean applyOutOfSyncOnly = true;
    private boolean createNamespace;
    private String timeout = DEFAULT_TIMEOUT;
    private boolean allowEmpty;
    private boolean confirmPrune;

    @DataBoundConstructor
    public GitopsSyncStep(String app) {
        super(app);
    }

    public boolean isPruneLast() {
        return pruneLast;
    }

    @DataBoundSetter
    public void setPruneLast(boolean pruneLast) {
        this.pruneLast = pruneLast;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isForce() {
        return force;
    }

    @DataBoundSetter
    public void setForce(boolean force) {
        this.force = force;
    }

    public boolean isForceConflicts() {
        return forceConflicts;
    }

    /** Take over fields another manager set ({@code kubectl edit}/{@code scale}): Git wins (default), as Argo CD and Flux. */
    @DataBoundSetter
    public void setForceConflicts(boolean forceConflicts) {
        this.forceConflicts = forceConflicts;
    }

    public boolean isApplyOutOfSyncOnly() {
        return applyOutOfSyncOnly;
    }

    @DataBoundSetter
    public void setApplyOutOfSyncOnly(boolean applyOutOfSyncOnly) {
        this.applyOutOfSyncOnly = applyOutOfSyncOnly;
    }

    public boolean isCreateNamespace() {
        return createNamespace;
    }

    @DataBoundSetter
    public void setCreateNamespace(boolean createNamespace) {
        this.createNamespace = createNamespace;
    }

    /** How long to wait for CRDs to be established, waves to become healthy and hooks to finish: {@code 30s}, {@code 10m}; a bare number is minutes. */
    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepTimeouts.check(timeout, DEFAULT_TIMEOUT);
    }

    public boolean isAllowEmpty() {
        return allowEmpty;
    }

    /** Sync a set without objects (with prune: delete all of the app's objects), as Argo CD's allowEmpty; refused otherwise. */
    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    @Override
    boolean allowEmpty() {
        return allowEmpty;
    }

    public boolean isConfirmPrune() {
        return confirmPrune;
    }

    /** Prune objects marked {@code Prune=confirm} or {@code Delete=confirm}; without it they wait and the sync says so. */
    @DataBoundSetter
    public void setConfirmPrune(boolean confirmPrune) {
        this.confirmPrune = confirmPrune;
    }

    @Override
    SyncMode mode() {
        return SyncMode.SYNC;
    }

    @Override
    SyncRequest request(String manifestsFile, String revision, String initiator) {
        return SyncRequest.sync(getApp()).manifests(manifestsFile).revision(revision).namespace(getNamespace()).prune(isPrune())
                .pruneLast(pruneLast).dryRun(dryRun).force(force).applyOutOfSyncOnly(applyOutOfSyncOnly).createNamespace(createNamespace)
                .resources(resourceList(getResources())).inventoryNamespace(getInventoryNamespace()).timeout(StepTimeouts.of(timeout))
                .initiator(initiator).forceConflicts(forceConflicts).allowEmpty(allowEmpty).confirmPrune(confirmPrune).build();
    }

    /** Runs on a pool thread; stop() interrupts it, which interrupts the call on the agent. */
    @Override
    public StepExecution start(StepContext context) {
        return MapStepExecution.of(context, (c, run, listener) ->
                execute(run, c.get(FilePath.class), listener, initiator(c.get(EnvVars.class), run)).toMap());
    }

    @Extension
    public static final class DescriptorImpl extends SyncDescriptor {

        @Override
        public String getFunctionName() {
            return "gitopsSync";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Sync a GitOps app to a Kubernetes cluster";
        }
    }
}
