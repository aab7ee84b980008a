package io.jenkins.plugins.gitops.plugin.builders;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.agent.RenderOutcome;
import io.jenkins.plugins.gitops.plugin.agent.RenderRunner;
import io.jenkins.plugins.gitops.plugin.steps.GitopsRenderStep;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import io.jenkins.plugins.gitops.plugin.ui.GitSourceForm;
import io.jenkins.plugins.gitops.plugin.ui.GitopsEnvironmentAction;
import java.io.IOException;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle form of {@code gitopsRender}: the same fields, the same work, and the results as
 * environment variables for later build steps: {@code GITOPS_REVISION}, {@code GITOPS_DIGEST},
 * {@code GITOPS_OBJECT_COUNT}, {@code GITOPS_MANIFESTS}. Its symbol differs from the step's name
 * because the Pipeline DSL resolves step names first.
 */
public final class GitopsRenderBuilder extends Builder implements SimpleBuildStep {

    private final GitopsRenderStep settings;

    @DataBoundConstructor
    public GitopsRenderBuilder(String repo) {
        this.settings = new GitopsRenderStep(repo);
    }

    public String getRepo() {
        return settings.getRepo();
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

    public String getTool() {
        return settings.getTool();
    }

    @DataBoundSetter
    public void setTool(String tool) {
        settings.setTool(tool);
    }

    public String getNamespace() {
        return settings.getNamespace();
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        settings.setNamespace(namespace);
    }

    public String getReleaseName() {
        return settings.getReleaseName();
    }

    @DataBoundSetter
    public void setReleaseName(String releaseName) {
        settings.setReleaseName(releaseName);
    }

    public String getValueFiles() {
        return settings.getValueFiles();
    }

    @DataBoundSetter
    public void setValueFiles(String valueFiles) {
        settings.setValueFiles(valueFiles);
    }

    public String getHelmValues() {
        return settings.getHelmValues();
    }

    @DataBoundSetter
    public void setHelmValues(String helmValues) {
        settings.setHelmValues(helmValues);
    }

    public String getImages() {
        return settings.getImages();
    }

    @DataBoundSetter
    public void setImages(String images) {
        settings.setImages(images);
    }

    public boolean isShallow() {
        return settings.isShallow();
    }

    @DataBoundSetter
    public void setShallow(boolean shallow) {
        settings.setShallow(shallow);
    }

    public boolean isAllowEmpty() {
        return settings.isAllowEmpty();
    }

    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        settings.setAllowEmpty(allowEmpty);
    }

    public String getChart() {
        return settings.getChart();
    }

    @DataBoundSetter
    public void setChart(String chart) {
        settings.setChart(chart);
    }

    public String getChartVersion() {
        return settings.getChartVersion();
    }

    @DataBoundSetter
    public void setChartVersion(String chartVersion) {
        settings.setChartVersion(chartVersion);
    }

    public String getValuesYaml() {
        return settings.getValuesYaml();
    }

    @DataBoundSetter
    public void setValuesYaml(String valuesYaml) {
        settings.setValuesYaml(valuesYaml);
    }

    public String getOutputFile() {
        return settings.getOutputFile();
    }

    @DataBoundSetter
    public void setOutputFile(String outputFile) {
        settings.setOutputFile(outputFile);
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env, @NonNull Launcher launcher,
            @NonNull TaskListener listener) throws InterruptedException, IOException {
        RenderOutcome outcome = RenderRunner.run(settings.request(), settings.getCredentialsId(), run, workspace, listener);
        run.addAction(new GitopsEnvironmentAction(Map.of(
                "GITOPS_REVISION", outcome.revision(),
                "GITOPS_DIGEST", outcome.digest(),
                "GITOPS_OBJECT_COUNT", Integer.toString(outcome.objectCount()),
                "GITOPS_MANIFESTS", outcome.manifests())));
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    @Extension
    @Symbol("gitopsRenderBuilder")
    public static final class DescriptorImpl extends BuildStepDescriptor<hudson.tasks.Builder> implements GitSourceForm {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Render GitOps manifests";
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        /** The help texts are the step's. */
        @Override
        public String getHelpFile(String fieldName) {
            return Jenkins.get().getDescriptorByType(GitopsRenderStep.DescriptorImpl.class).getHelpFile(fieldName);
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
