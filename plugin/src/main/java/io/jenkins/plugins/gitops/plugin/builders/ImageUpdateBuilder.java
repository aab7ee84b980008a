package io.jenkins.plugins.gitops.plugin.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import io.jenkins.plugins.gitops.plugin.agent.ImageUpdateOutcome;
import io.jenkins.plugins.gitops.plugin.agent.ImageUpdateRunner;
import io.jenkins.plugins.gitops.plugin.steps.ImageEntry;
import io.jenkins.plugins.gitops.plugin.steps.ImageUpdateStep;
import io.jenkins.plugins.gitops.plugin.steps.ValueEntry;
import io.jenkins.plugins.gitops.plugin.ui.GitSourceForm;
import io.jenkins.plugins.gitops.plugin.ui.RegistryCredentialsForm;
import io.jenkins.plugins.gitops.plugin.ui.GitopsEnvironmentAction;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle form of {@code imageUpdate}, exporting {@code GITOPS_NEW_TAG} (the first image's
 * tag), {@code GITOPS_NEW_IMAGE}, {@code GITOPS_COMMIT} ("" when nothing was committed) and
 * {@code GITOPS_PUSHED} for later build steps.
 */
public final class ImageUpdateBuilder extends Builder implements SimpleBuildStep {

    private final ImageUpdateStep settings;

    @DataBoundConstructor
    public ImageUpdateBuilder(String repo, List<ImageEntry> images) {
        this.settings = new ImageUpdateStep(repo, images);
    }

    public String getRepo() {
        return settings.getRepo();
    }

    public List<ImageEntry> getImages() {
        return settings.getImages();
    }

    public String getTarget() {
        return settings.getTarget();
    }

    @DataBoundSetter
    public void setTarget(String target) {
        settings.setTarget(target);
    }

    public String getBranch() {
        return settings.getBranch();
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        settings.setBranch(branch);
    }

    public String getWriteBranch() {
        return settings.getWriteBranch();
    }

    @DataBoundSetter
    public void setWriteBranch(String writeBranch) {
        settings.setWriteBranch(writeBranch);
    }

    public String getCredentialsId() {
        return settings.getCredentialsId();
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        settings.setCredentialsId(credentialsId);
    }

    public String getRegistryCredentialsId() {
        return settings.getRegistryCredentialsId();
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        settings.setRegistryCredentialsId(registryCredentialsId);
    }

    public String getInsecureRegistry() {
        return settings.getInsecureRegistry();
    }

    @DataBoundSetter
    public void setInsecureRegistry(String insecureRegistry) {
        settings.setInsecureRegistry(insecureRegistry);
    }

    public String getMessage() {
        return settings.getMessage();
    }

    @DataBoundSetter
    public void setMessage(String message) {
        settings.setMessage(message);
    }

    public String getAuthor() {
        return settings.getAuthor();
    }

    @DataBoundSetter
    public void setAuthor(String author) {
        settings.setAuthor(author);
    }

    public String getApp() {
        return settings.getApp();
    }

    @DataBoundSetter
    public void setApp(String app) {
        settings.setApp(app);
    }

    public boolean isDryRun() {
        return settings.isDryRun();
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        settings.setDryRun(dryRun);
    }

    public List<ValueEntry> getValues() {
        return settings.getValues();
    }

    @DataBoundSetter
    public void setValues(List<ValueEntry> values) {
        settings.setValues(values);
    }

    public String getValueTarget() {
        return settings.getValueTarget();
    }

    @DataBoundSetter
    public void setValueTarget(String valueTarget) {
        settings.setValueTarget(valueTarget);
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env, @NonNull Launcher launcher,
            @NonNull TaskListener listener) throws InterruptedException, IOException {
        ImageUpdateOutcome outcome = ImageUpdateRunner.run(settings.request(env.get("BUILD_URL", "")), settings.getCredentialsId(),
                settings.getRegistryCredentialsId(), run, workspace, listener);
        run.addAction(new GitopsEnvironmentAction(Map.of(
                "GITOPS_NEW_TAG", outcome.firstNewTag(),
                "GITOPS_NEW_IMAGE", outcome.firstNewImage(),
                "GITOPS_COMMIT", outcome.revision(),
                "GITOPS_PUSHED", Boolean.toString(outcome.pushed()))));
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    @Extension
    @Symbol("imageUpdateBuilder")
    public static final class DescriptorImpl extends BuildStepDescriptor<hudson.tasks.Builder> implements GitSourceForm, RegistryCredentialsForm {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Update image tags in a GitOps repository";
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getHelpFile(String fieldName) {
            return Jenkins.get().getDescriptorByType(ImageUpdateStep.DescriptorImpl.class).getHelpFile(fieldName);
        }
    }
}
