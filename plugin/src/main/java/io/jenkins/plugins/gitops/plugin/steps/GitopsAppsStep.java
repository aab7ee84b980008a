package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.agent.AppsCallable;
import io.jenkins.plugins.gitops.plugin.agent.SyncMode;
import io.jenkins.plugins.gitops.plugin.agent.SyncRequest;
import io.jenkins.plugins.gitops.plugin.agent.SyncRunner;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import io.jenkins.plugins.gitops.plugin.credentials.GitAuth;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code gitopsApps}: a repository built for Argo CD, unchanged. Reads the root Application(s) of a
 * workspace file, renders the app-of-apps tree on the agent and syncs every Application as its own
 * app into its destination namespace with its sync options ({@code CreateNamespace},
 * {@code PruneLast}, {@code PrunePropagationPolicy}, {@code Replace}); the Application objects
 * themselves are not applied (no Argo CD is needed). Returns {@code apps} (per app: app, parent,
 * depth, namespace, status, counts, inSync, error) and {@code succeeded}. A failed or refused app (one
 * that could not even be rendered: its Application's name and error) fails the step after its
 * siblings ran, as in Argo CD. {@code repoRewrites} points the Applications at a fork or mirror.
 */
public final class GitopsAppsStep extends ClusterStep {

    private final String application;
    private String credentialsId = "";
    private boolean prune;
    private boolean dryRun;
    private String timeout = GitopsSyncStep.DEFAULT_TIMEOUT;
    private String repoRewrites = "";
    private int parallel = io.jenkins.plugins.gitops.app.AppTreeSync.DEFAULT_PARALLEL;

    @DataBoundConstructor
    public GitopsAppsStep(String application) {
        super("");
        this.application = Util.fixNull(application).strip();
    }

    /** A workspace file with the root Application(s), e.g. {@code argocd/kubeflow.yaml} after {@code checkout scm}. */
    public String getApplication() {
        return application;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Git credentials for the repositories the Applications name (and chart repositories: user/password or token). */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixNull(credentialsId).strip();
    }

    public boolean isPrune() {
        return prune;
    }

    @DataBoundSetter
    public void setPrune(boolean prune) {
        this.prune = prune;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Per app: {@code 30s}, {@code 10m}; a bare number is minutes. */
    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepTimeouts.check(timeout, GitopsSyncStep.DEFAULT_TIMEOUT);
    }

    public String getRepoRewrites() {
        return repoRewrites;
    }

    /**
     * {@code FROM=TO} lines: every Application's repoURL starting with {@code FROM} is read from
     * {@code TO} instead (a fork or a mirror), without editing the files; the longest prefix wins.
     */
    @DataBoundSetter
    public void setRepoRewrites(String repoRewrites) {
        this.repoRewrites = Util.fixNull(repoRewrites).strip();
    }

    /** How many apps render and sync at once (waves kept); 1 for one after the other. */
    public int getParallel() {
        return parallel;
    }

    @DataBoundSetter
    public void setParallel(int parallel) {
        this.parallel = parallel;
    }

    /** The rewrite rules, one per non-blank line. */
    List<String> repoRewriteLines() {
        return repoRewrites.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The choices every app of the tree shares; each app's name, namespace and sync options come from its Application. */
    SyncRequest shared(String initiator) {
        return (dryRun ? SyncRequest.diff("apps") : SyncRequest.sync("apps")).namespace(getNamespace()).prune(prune)
                .inventoryNamespace(getInventoryNamespace()).timeout(StepTimeouts.of(timeout)).initiator(initiator).build();
    }

    @Override
    public StepExecution start(StepContext context) {
        return MapStepExecution.of(context, (c, run, listener) -> {
            FilePath workspace = c.get(FilePath.class);
            if (application.isEmpty()) {
                throw new AbortException("gitopsApps: give application, a workspace file with the root Application(s)");
            }
            if (parallel < 1) {
                throw new AbortException("gitopsApps: parallel must be at least 1 (1 renders and syncs the apps one after the other), not "
                        + parallel);
            }
            cluster().admit(run); // before the Git credential and the render
            GitAuth git = CredentialLookup.git(credentialsId, run);
            ClusterAccess access = cluster().resolve(run, getNamespace());
            FilePath tmp = WorkspaceList.tempDir(workspace);
            if (tmp == null) {
                throw new AbortException("gitopsApps: the workspace " + workspace + " has no parent folder for the Git cache");
            }
            FilePath cache = tmp.child("gitops");
            cache.mkdirs();
            List<AppsCallable.AppOutcome> outcomes = workspace.act(new AppsCallable(application,
                    shared(AbstractSyncStep.initiator(c.get(EnvVars.class), run)), git, access, cache.getRemote(), getCluster(),
                    new ArrayList<>(repoRewriteLines()), parallel, listener));
            List<Map<String, Object>> apps = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            SyncMode mode = dryRun ? SyncMode.DIFF : SyncMode.SYNC;
            for (AppsCallable.AppOutcome a : outcomes) {
                apps.add(AppsCallable.toMap(a));
                if (a.outcome() != null) {
                    GitopsAction.record(run, GitopsRecord.builder(mode.record(), a.outcome().recordStatus()).dryRun(dryRun).app(a.app())
                            .repo(application).revision(a.outcome().revision())
                            .summary((a.outcome().succeeded() ? "" : "FAILED: ") + (dryRun ? "dry run: " : "") + a.outcome().counts())
                            .objects(a.outcome().objects().size()).items(a.outcome().recordItems()).build());
                    if (!a.outcome().succeeded()) {
                        failed.add(a.app() + ": " + a.outcome().message());
                    }
                } else if (!a.error().isEmpty()) {
                    GitopsAction.record(run, GitopsRecord.builder(mode.record(), GitopsRecord.Status.REFUSED).dryRun(dryRun).app(a.app())
                            .repo(application).summary("REFUSED: " + a.error()).build());
                    failed.add(a.app() + ": " + a.error());
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("apps", apps);
            result.put("succeeded", failed.isEmpty());
            if (!failed.isEmpty()) {
                throw new AbortException("gitopsApps: " + failed.size() + " of " + outcomes.size() + " app(s) failed:\n  " + String.join("\n  ", failed));
            }
            return result;
        });
    }

    @Extension
    public static final class DescriptorImpl extends ClusterStepDescriptor {

        @Override
        public String getFunctionName() {
            return "gitopsApps";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Render and sync an Argo CD app-of-apps tree";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, TaskListener.class, EnvVars.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String credentialsId) {
            return CredentialsFields.fill(item, credentialsId, null, CredentialsFields.GIT);
        }
    }
}
