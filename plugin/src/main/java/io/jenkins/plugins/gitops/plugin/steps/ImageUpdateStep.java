package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.plugin.agent.ImageRequest;
import io.jenkins.plugins.gitops.plugin.agent.ImageUpdateRequest;
import io.jenkins.plugins.gitops.plugin.agent.ImageUpdateRunner;
import io.jenkins.plugins.gitops.plugin.agent.RenderRequest;
import io.jenkins.plugins.gitops.plugin.ui.GitSourceForm;
import io.jenkins.plugins.gitops.plugin.ui.RegistryCredentialsForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code imageUpdate}: chooses a tag for each image (from its registry by a strategy, or the one
 * given) and writes them all to the GitOps repository in one commit, pushed with bounded retries.
 * Returns the engine's map ({@code ImageUpdateResult.toMap()}, or {@code ImageUpdatePlan.toMap()} for a dry run):
 * {@code images} (name, old, new, newTag, newDigest, reason, changed), {@code changes}, {@code revision},
 * {@code shortRevision}, {@code baseRevision}, {@code pushed}, {@code branch}, {@code attempts}, {@code summary},
 * {@code dryRun}. Running it again
 * is safe: values already up to date make no commit.
 */
public final class ImageUpdateStep extends Step {

    private final String repo;
    private final List<ImageEntry> images;
    private String target = "";
    private String branch = "main";
    private String writeBranch = "";
    private String credentialsId = "";
    private String registryCredentialsId = "";
    private String insecureRegistry = "";
    private String message = "";
    private String author = "";
    private String app = "";
    private boolean dryRun;
    private List<ValueEntry> values = List.of();
    private String valueTarget = "";

    @DataBoundConstructor
    public ImageUpdateStep(String repo, List<ImageEntry> images) {
        this.repo = Util.fixNull(repo).strip();
        this.images = images == null ? List.of() : List.copyOf(images);
    }

    public String getRepo() {
        return repo;
    }

    public List<ImageEntry> getImages() {
        return images;
    }

    public String getTarget() {
        return target;
    }

    /** Where to write, for images without their own target: {@code kustomization:DIR}, {@code helm-values:FILE:TAGPATH}, ... */
    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Util.fixNull(target).strip();
    }

    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = Util.fixEmptyAndTrim(branch) == null ? "main" : branch.strip();
    }

    public String getWriteBranch() {
        return writeBranch;
    }

    @DataBoundSetter
    public void setWriteBranch(String writeBranch) {
        this.writeBranch = Util.fixNull(writeBranch).strip();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixNull(credentialsId).strip();
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = Util.fixNull(registryCredentialsId).strip();
    }

    public String getInsecureRegistry() {
        return insecureRegistry;
    }

    @DataBoundSetter
    public void setInsecureRegistry(String insecureRegistry) {
        this.insecureRegistry = Util.fixNull(insecureRegistry).strip();
    }

    public String getMessage() {
        return message;
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = Util.fixNull(message);
    }

    public String getAuthor() {
        return author;
    }

    @DataBoundSetter
    public void setAuthor(String author) {
        this.author = Util.fixNull(author).strip();
    }

    public String getApp() {
        return app;
    }

    @DataBoundSetter
    public void setApp(String app) {
        this.app = Util.fixNull(app).strip();
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public List<ValueEntry> getValues() {
        return values;
    }

    /** Plain values set through {@code # {"$gitops": "name"}} markers: {@code [[name: 'fraud-model-uri', value: params.MODEL_URI]]}. */
    @DataBoundSetter
    public void setValues(List<ValueEntry> values) {
        this.values = values == null ? List.of() : List.copyOf(values);
    }

    public String getValueTarget() {
        return valueTarget;
    }

    /** {@code marker:FILE} targets (comma or newline separated) holding the values' markers. */
    @DataBoundSetter
    public void setValueTarget(String valueTarget) {
        this.valueTarget = Util.fixNull(valueTarget).strip();
    }

    public ImageUpdateRequest request(String buildUrl) {
        List<String> defaultTargets = RenderRequest.lines(target);
        List<ImageRequest> requests = new ArrayList<>();
        images.forEach(i -> requests.add(i.toRequest(defaultTargets)));
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("app", app);
        vars.put("buildUrl", Util.fixNull(buildUrl));
        Map<String, String> valueMap = new LinkedHashMap<>();
        values.forEach(v -> valueMap.put(v.getName(), v.getValue()));
        return new ImageUpdateRequest(repo, branch, writeBranch, requests, message, author, RenderRequest.lines(insecureRegistry), dryRun,
                vars, valueMap, RenderRequest.lines(valueTarget));
    }

    @Override
    public StepExecution start(StepContext context) {
        return MapStepExecution.of(context, (c, run, listener) -> {
            EnvVars env = c.get(EnvVars.class);
            return ImageUpdateRunner.run(request(env == null ? "" : env.get("BUILD_URL", "")), credentialsId,
                    registryCredentialsId, run, c.get(FilePath.class), listener).toMap();
        });
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor implements GitSourceForm, RegistryCredentialsForm {

        @Override
        public String getFunctionName() {
            return "imageUpdate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Update image tags in a GitOps repository";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, TaskListener.class, EnvVars.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object repo = namedArgs.get("repo");
            return repo instanceof String s ? s : null;
        }
    }
}
