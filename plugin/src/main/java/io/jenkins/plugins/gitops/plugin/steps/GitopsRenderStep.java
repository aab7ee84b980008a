package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.agent.RenderRequest;
import io.jenkins.plugins.gitops.plugin.agent.RenderRunner;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import io.jenkins.plugins.gitops.plugin.ui.GitSourceForm;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code gitopsRender}: renders a path of a Git repository at a revision (kustomize, Helm or plain
 * manifests) on the agent, writes the manifests into the workspace, and returns a map with
 * {@code revision}, {@code digest}, {@code objectCount}, {@code renderer}, {@code cacheHit} and
 * {@code manifests} (the file, relative to the workspace) that {@code gitopsSync} takes as is.
 * Interrupted by a controller restart, it fails; running it again is safe.
 */
public final class GitopsRenderStep extends Step {

    public static final String DEFAULT_OUTPUT = "gitops/manifests.yaml";

    private final String repo;
    private String revision = "";
    private String path = "";
    private String credentialsId = "";
    private String tool = "auto";
    private String namespace = "";
    private String releaseName = "";
    private String valueFiles = "";
    private String helmValues = "";
    private String images = "";
    private String outputFile = DEFAULT_OUTPUT;
    private boolean shallow;
    private String chart = "";
    private String chartVersion = "";
    private String valuesYaml = "";
    private boolean allowEmpty;

    @DataBoundConstructor
    public GitopsRenderStep(String repo) {
        this.repo = Util.fixNull(repo).strip();
    }

    public String getRepo() {
        return repo;
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

    public String getTool() {
        return tool;
    }

    @DataBoundSetter
    public void setTool(String tool) {
        this.tool = Util.fixEmptyAndTrim(tool) == null ? "auto" : tool.strip();
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixNull(namespace).strip();
    }

    public String getReleaseName() {
        return releaseName;
    }

    @DataBoundSetter
    public void setReleaseName(String releaseName) {
        this.releaseName = Util.fixNull(releaseName).strip();
    }

    public String getValueFiles() {
        return valueFiles;
    }

    @DataBoundSetter
    public void setValueFiles(String valueFiles) {
        this.valueFiles = Util.fixNull(valueFiles).strip();
    }

    public String getHelmValues() {
        return helmValues;
    }

    @DataBoundSetter
    public void setHelmValues(String helmValues) {
        this.helmValues = Util.fixNull(helmValues).strip();
    }

    public String getImages() {
        return images;
    }

    @DataBoundSetter
    public void setImages(String images) {
        this.images = Util.fixNull(images).strip();
    }

    public String getOutputFile() {
        return outputFile;
    }

    @DataBoundSetter
    public void setOutputFile(String outputFile) {
        this.outputFile = Util.fixEmptyAndTrim(outputFile) == null ? DEFAULT_OUTPUT : outputFile.strip();
    }

    public boolean isShallow() {
        return shallow;
    }

    /** Fetch only the revision, at depth 1 (a branch, tag or full SHA; others fall back to a full fetch and say so). */
    @DataBoundSetter
    public void setShallow(boolean shallow) {
        this.shallow = shallow;
    }

    public String getChart() {
        return chart;
    }

    /** A chart name: {@code repo} is then a Helm chart repository ({@code https://...} or {@code oci://...}), as Argo CD's {@code chart}. */
    @DataBoundSetter
    public void setChart(String chart) {
        this.chart = Util.fixNull(chart).strip();
    }

    public String getChartVersion() {
        return chartVersion;
    }

    /** Exact version or semver constraint ({@code 4.11.*}, {@code ^2.0}); empty for the newest. */
    @DataBoundSetter
    public void setChartVersion(String chartVersion) {
        this.chartVersion = Util.fixNull(chartVersion).strip();
    }

    public String getValuesYaml() {
        return valuesYaml;
    }

    /** Inline Helm values as YAML, as Argo CD's {@code helm.values}. */
    @DataBoundSetter
    public void setValuesYaml(String valuesYaml) {
        this.valuesYaml = Util.fixNull(valuesYaml);
    }

    public boolean isAllowEmpty() {
        return allowEmpty;
    }

    /** Accept a render without objects; refused otherwise, with what the folder holds (a wrong path, files no renderer reads). */
    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    public RenderRequest request() {
        return RenderRequest.of(repo, revision, path).tool(tool).namespace(namespace).releaseName(releaseName)
                .valueFiles(RenderRequest.lines(valueFiles)).helmValues(RenderRequest.lines(helmValues)).images(RenderRequest.lines(images))
                .outputFile(outputFile).shallow(shallow).chart(chart).chartVersion(chartVersion).valuesYaml(valuesYaml).allowEmpty(allowEmpty)
                .build();
    }

    /** Runs on a pool thread, never on the CPS thread; the work itself runs on the agent. */
    @Override
    public StepExecution start(StepContext context) {
        return MapStepExecution.of(context, (c, run, listener) ->
                RenderRunner.run(request(), credentialsId, run, c.get(FilePath.class), listener).toMap());
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor implements GitSourceForm {

        @Override
        public String getFunctionName() {
            return "gitopsRender";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Render GitOps manifests (kustomize, Helm, plain YAML) from Git";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object repo = namedArgs.get("repo");
            return repo instanceof String s ? s : null;
        }

        @POST
        public FormValidation doCheckOutputFile(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            return FormChecks.relativeFile(item, value);
        }

        public ListBoxModel doFillToolItems() {
            return FormChecks.tools();
        }
    }
}
