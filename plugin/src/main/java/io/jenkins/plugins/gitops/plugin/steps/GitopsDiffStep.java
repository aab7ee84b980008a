package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import io.jenkins.plugins.gitops.plugin.agent.SyncMode;
import io.jenkins.plugins.gitops.plugin.agent.SyncOutcome;
import io.jenkins.plugins.gitops.plugin.agent.SyncRequest;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code gitopsDiff}: what a sync would change, written nowhere (server-side dry runs). For pull
 * request gates: returns {@code inSync}, the per-object {@code objects} (with each object's
 * {@code diff}), the whole unified {@code diff} text with Secret values and credentials masked,
 * and the counts of {@code gitopsSync}. It does not fail when out of sync; a failed dry run gives
 * {@code status: 'Failed'} and a {@code message}.
 */
public final class GitopsDiffStep extends AbstractSyncStep {

    @DataBoundConstructor
    public GitopsDiffStep(String app) {
        super(app);
    }

    @Override
    SyncMode mode() {
        return SyncMode.DIFF;
    }

    @Override
    SyncRequest request(String manifestsFile, String revision, String initiator) {
        return SyncRequest.diff(getApp()).manifests(manifestsFile).revision(revision).namespace(getNamespace()).prune(isPrune())
                .resources(resourceList(getResources())).inventoryNamespace(getInventoryNamespace()).initiator(initiator).build();
    }

    @Override
    public StepExecution start(StepContext context) {
        return MapStepExecution.of(context, (c, run, listener) -> {
            SyncOutcome o = execute(run, c.get(FilePath.class), listener, initiator(c.get(EnvVars.class), run));
            listener.getLogger().println("gitopsDiff: app " + getApp() + " is " + (o.inSync() ? "in sync" : "out of sync") + ": " + o.counts());
            return o.toMap();
        });
    }

    @Extension
    public static final class DescriptorImpl extends SyncDescriptor {

        @Override
        public String getFunctionName() {
            return "gitopsDiff";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Show what a GitOps sync would change (in sync or not)";
        }
    }
}
