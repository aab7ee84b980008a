package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.plugin.agent.SyncRequest;
import io.jenkins.plugins.gitops.plugin.agent.SyncRunner;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsRollback}: re-applies the manifests stored with an entry of the app's sync history
 * (the one before the last by default) and prunes what that entry did not have: the engine's
 * rollback. Needs no workspace (the manifests come from the cluster's inventory), so it runs on
 * the controller. Returns the same map as {@code gitopsSync}; a failed rollback fails the step.
 */
public final class GitopsRollbackStep extends ClusterStep {

    private int historyId;
    private String timeout = GitopsSyncStep.DEFAULT_TIMEOUT;

    @DataBoundConstructor
    public GitopsRollbackStep(String app) {
        super(app);
    }

    /** The history entry to return to; 0 for the one before the last. */
    public int getHistoryId() {
        return historyId;
    }

    @DataBoundSetter
    public void setHistoryId(int historyId) {
        this.historyId = Math.max(0, historyId);
    }

    /** {@code 30s}, {@code 10m}; a bare number is minutes. */
    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepTimeouts.check(timeout, GitopsSyncStep.DEFAULT_TIMEOUT);
    }

    SyncRequest request(String initiator) {
        return SyncRequest.rollback(getApp(), historyId).namespace(getNamespace()).inventoryNamespace(getInventoryNamespace())
                .timeout(StepTimeouts.of(timeout)).initiator(initiator).build();
    }

    @Override
    public StepExecution start(StepContext context) {
        return MapStepExecution.of(context, (c, run, listener) ->
                SyncRunner.run(request(AbstractSyncStep.initiator(c.get(EnvVars.class), run)), cluster(), run, null, listener, true).toMap());
    }

    @Extension
    public static final class DescriptorImpl extends ClusterStepDescriptor {

        @Override
        public String getFunctionName() {
            return "gitopsRollback";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Roll a GitOps app back to an earlier sync";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @Override
        public boolean runsOnController() {
            return true;
        }
    }
}
