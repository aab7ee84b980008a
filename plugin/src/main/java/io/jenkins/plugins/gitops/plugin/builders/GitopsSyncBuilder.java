package io.jenkins.plugins.gitops.plugin.builders;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.agent.SyncOutcome;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import io.jenkins.plugins.gitops.plugin.steps.AbstractSyncStep;
import io.jenkins.plugins.gitops.plugin.steps.GitopsSyncStep;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import io.jenkins.plugins.gitops.plugin.ui.GitopsEnvironmentAction;
import io.jenkins.plugins.gitops.sync.Action;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle form of {@code gitopsSync}: the same fields and work, and the results as
 * environment variables for later build steps: {@code GITOPS_SYNC_STATUS}, {@code GITOPS_SYNC_CREATED},
 * {@code GITOPS_SYNC_CONFIGURED}, {@code GITOPS_SYNC_UNCHANGED}, {@code GITOPS_SYNC_PRUNED},
 * {@code GITOPS_SYNC_SKIPPED}, {@code GITOPS_SYNC_FAILED}, {@code GITOPS_SYNC_WRITES},
 * {@code GITOPS_SYNC_REVISION}, {@code GITOPS_SYNC_HISTORY_ID}. Its symbol differs from the step's name
 * because the Pipeline DSL resolves step names first.
 */
public final class GitopsSyncBuilder extends ClusterBuilder<GitopsSyncStep> {

    @DataBoundConstructor
    public GitopsSyncBuilder(String app) {
        super(new GitopsSyncStep(app));
    }

    public String getManifests() {
        return settings.getManifests();
    }

    @DataBoundSetter
    public void setManifests(String manifests) {
        settings.setManifests(manifests);
    }

    public String getRepo() {
        return settings.getRepo();
    }

    @DataBoundSetter
    public void setRepo(String repo) {
        settings.setRepo(repo);
    }

    public String getRevision() {
        return settings.getRevision();
    }

    @DataBoundSetter
    public void setRevision(String revision) {
        settings.setRevision(revision);
    }

    public String getPath() {
        return settings.getPath();
    }

    @DataBoundSetter
    public void setPath(String path) {
        settings.setPath(path);
    }

    public String getCredentialsId() {
        return settings.getCredentialsId();
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        settings.setCredentialsId(credentialsId);
    }

    public boolean isPrune() {
        return settings.isPrune();
    }

    @DataBoundSetter
    public void setPrune(boolean prune) {
        settings.setPrune(prune);
    }

    public boolean isPruneLast() {
        return settings.isPruneLast();
    }

    @DataBoundSetter
    public void setPruneLast(boolean pruneLast) {
        settings.setPruneLast(pruneLast);
    }

    public boolean isDryRun() {
        return settings.isDryRun();
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        settings.setDryRun(dryRun);
    }

    public boolean isForce() {
        return settings.isForce();
    }

    @DataBoundSetter
    public void setForce(boolean force) {
        settings.setForce(force);
    }

    public boolean isForceConflicts() {
        return settings.isForceConflicts();
    }

    @DataBoundSetter
    public void setForceConflicts(boolean forceConflicts) {
        settings.setForceConflicts(forceConflicts);
    }

    public boolean isApplyOutOfSyncOnly() {
        return settings.isApplyOutOfSyncOnly();
    }

    @DataBoundSetter
    public void setApplyOutOfSyncOnly(boolean applyOutOfSyncOnly) {
        settings.setApplyOutOfSyncOnly(applyOutOfSyncOnly);
    }

    public boolean isCreateNamespace() {
        return settings.isCreateNamespace();
    }

    @DataBoundSetter
    public void setCreateNamespace(boolean createNamespace) {
        settings.setCreateNamespace(createNamespace);
    }

    public String getResources() {
        return settings.getResources();
    }

    @DataBoundSetter
    public void setResources(String resources) {
        settings.setResources(resources);
    }

    public String getTimeout() {
        return settings.getTimeout();
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        settings.setTimeout(timeout);
    }

    public boolean isAllowEmpty() {
        return settings.isAllowEmpty();
    }

    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        settings.setAllowEmpty(allowEmpty);
    }

    public boolean isConfirmPrune() {
        return settings.isConfirmPrune();
    }

    @DataBoundSetter
    public void setConfirmPrune(boolean confirmPrune) {
        settings.setConfirmPrune(confirmPrune);
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env, @NonNull Launcher launcher,
            @NonNull TaskListener listener) throws InterruptedException, IOException {
        SyncOutcome o = settings.execute(run, workspace, listener, AbstractSyncStep.initiator(env, run));
        run.addAction(new GitopsEnvironmentAction(environment(o)));
    }

    static Map<String, String> environment(SyncOutcome o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("GITOPS_SYNC_STATUS", o.status());
        for (Action action : List.of(Action.CREATED, Action.CONFIGURED, Action.UNCHANGED, Action.PRUNED, Action.SKIPPED, Action.WAITING,
                Action.FAILED)) {
            m.put("GITOPS_SYNC_" + action.display().toUpperCase(java.util.Locale.ROOT), Long.toString(o.count(action)));
        }
        m.put("GITOPS_SYNC_WRITES", Long.toString(o.writes()));
        m.put("GITOPS_SYNC_REVISION", o.revision());
        m.put("GITOPS_SYNC_HISTORY_ID", Integer.toString(o.historyId()));
        return m;
    }

    @Extension
    @Symbol("gitopsSyncBuilder")
    public static final class DescriptorImpl extends ClusterBuilderDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Sync a GitOps app to a Kubernetes cluster";
        }

        /** The help texts are the step's. */
        @Override
        public String getHelpFile(String fieldName) {
            return Jenkins.get().getDescriptorByType(GitopsSyncStep.DescriptorImpl.class).getHelpFile(fieldName);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String credentialsId,
                @QueryParameter String repo) {
            return CredentialsFields.fill(item, credentialsId, repo, CredentialsFields.GIT);
        }

        @POST
        public FormValidation doCheckManifests(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            return FormChecks.relativeFile(item, value);
        }
    }
}
