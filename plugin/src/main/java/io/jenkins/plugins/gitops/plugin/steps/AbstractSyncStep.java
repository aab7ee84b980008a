package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.gitops.plugin.agent.RenderOutcome;
import io.jenkins.plugins.gitops.plugin.agent.RenderRequest;
import io.jenkins.plugins.gitops.plugin.agent.RenderRunner;
import io.jenkins.plugins.gitops.plugin.agent.SyncMode;
import io.jenkins.plugins.gitops.plugin.agent.SyncOutcome;
import io.jenkins.plugins.gitops.plugin.agent.SyncRequest;
import io.jenkins.plugins.gitops.plugin.agent.SyncRunner;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import io.jenkins.plugins.gitops.plugin.ui.GitCredentialsForm;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What {@code gitopsSync} and {@code gitopsDiff} share: where the manifests come from (a
 * workspace file, such as the {@code manifests} of a {@code gitopsRender} result, or a repository
 * rendered first through the same code as {@code gitopsRender}), which objects, and pruning.
 */
public abstract class AbstractSyncStep extends ClusterStep {

    private String manifests = "";
    private String repo = "";
    private String revision = "";
    private String path = "";
    private String credentialsId = "";
    private boolean prune;
    private String resources = "";

    protected AbstractSyncStep(String app) {
        super(app);
    }

    public String getManifests() {
        return manifests;
    }

    /** A workspace file. In a Pipeline, a {@code gitopsRender} result map is accepted too (see the descriptor). */
    @DataBoundSetter
    public void setManifests(String manifests) {
        this.manifests = Util.fixNull(manifests).strip();
    }

    public String getRepo() {
        return repo;
    }

    @DataBoundSetter
    public void setRepo(String repo) {
        this.repo = Util.fixNull(repo).strip();
    }

    public String getRevision() {
        return revision;
    }

    @DataBoundSetter
    public void setRevision(String revision) {
        this.revision = Util.fixNull(revision).strip();
    }

    public String getPath() {
        return path;
    }

    @DataBoundSetter
    public void setPath(String path) {
        this.path = Util.fixNull(path).strip();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

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

    public String getResources() {
        return resources;
    }

    @DataBoundSetter
    public void setResources(String resources) {
        this.resources = Util.fixNull(resources).strip();
    }

    /** Whether an empty render and an empty set are accepted ({@code gitopsSync}'s {@code allowEmpty}); false for a diff. */
    boolean allowEmpty() {
        return false;
    }

    /** What the step asks the engine for: {@link SyncMode#SYNC} or {@link SyncMode#DIFF}. */
    abstract SyncMode mode();

    /** The request once the manifests are in the workspace. */
    abstract SyncRequest request(String manifestsFile, String revision, String initiator);

    /** Renders first when a repository is given, then syncs (or diffs) on the workspace's agent. */
    public SyncOutcome execute(Run<?, ?> run, FilePath workspace, TaskListener listener, String initiator) throws IOException, InterruptedException {
        String file = manifests;
        String rev = revision;
        String step = mode().step();
        cluster().admit(run); // a job the named cluster refuses renders nothing either
        if (!repo.isEmpty()) {
            if (!manifests.isEmpty()) {
                throw new AbortException(step + ": give manifests or repo, not both");
            }
            RenderRequest render = RenderRequest.of(repo, revision, path).outputFile("gitops/" + getApp() + "-manifests.yaml")
                    .allowEmpty(allowEmpty()).build();
            RenderOutcome rendered = RenderRunner.run(render, credentialsId, run, workspace, listener);
            file = rendered.manifests();
            rev = rendered.revision();
        } else if (manifests.isEmpty()) {
            throw new AbortException(step + ": give manifests (a workspace file or a gitopsRender result) or repo and path");
        }
        SyncRequest request = request(file, rev, initiator);
        return SyncRunner.run(repo.isEmpty() ? request : request.withSourceRepo(repo), cluster(), run, workspace, listener,
                request.mode() == SyncMode.SYNC);
    }

    static List<String> resourceList(String text) {
        return RenderRequest.lines(text);
    }

    /** Who started the sync, for the history: the build URL, or the build's ID when Jenkins has no root URL. */
    public static String initiator(@CheckForNull EnvVars env, Run<?, ?> run) {
        String url = env == null ? null : Util.fixEmptyAndTrim(env.get("BUILD_URL"));
        return url != null ? url : "jenkins:" + run.getExternalizableId();
    }

    /**
     * Accepts a {@code gitopsRender} result as {@code manifests:}: its {@code manifests} entry is the
     * file and its {@code revision} is recorded unless a revision is given.
     */
    public abstract static class SyncDescriptor extends ClusterStepDescriptor implements GitCredentialsForm {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, TaskListener.class, EnvVars.class);
        }

        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            return super.newInstance(flatten(arguments));
        }

        static Map<String, Object> flatten(Map<String, Object> arguments) {
            if (!(arguments.get("manifests") instanceof Map<?, ?> render)) {
                return arguments;
            }
            Map<String, Object> out = new LinkedHashMap<>(arguments);
            out.put("manifests", render.get("manifests") == null ? "" : String.valueOf(render.get("manifests")));
            if (!arguments.containsKey("revision") && render.get("revision") != null) {
                out.put("revision", String.valueOf(render.get("revision")));
            }
            return out;
        }

        @POST
        public FormValidation doCheckManifests(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            return FormChecks.relativeFile(item, value);
        }
    }
}
