package io.jenkins.plugins.gitops.plugin.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.agent.RolloutRunner;
import io.jenkins.plugins.gitops.plugin.steps.GitopsRolloutStep;
import io.jenkins.plugins.gitops.plugin.ui.GitopsEnvironmentAction;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle form of {@code gitopsRollout} (its own symbol, {@code gitopsRolloutBuilder}, so
 * that the Pipeline step keeps the short name). Exports {@code GITOPS_ROLLOUT_PHASE},
 * {@code GITOPS_ROLLOUT_STEP} ({@code 1/3}, empty without steps) and {@code GITOPS_ROLLOUT_WEIGHT}.
 */
public final class GitopsRolloutBuilder extends ClusterBuilder<GitopsRolloutStep> {

    @DataBoundConstructor
    public GitopsRolloutBuilder(String app, String action, String name) {
        super(new GitopsRolloutStep(app, action, name));
    }

    public String getAction() {
        return settings.getAction();
    }

    public String getName() {
        return settings.getName();
    }

    public boolean isFull() {
        return settings.isFull();
    }

    @DataBoundSetter
    public void setFull(boolean full) {
        settings.setFull(full);
    }

    public int getWeight() {
        return settings.getWeight();
    }

    @DataBoundSetter
    public void setWeight(int weight) {
        settings.setWeight(weight);
    }

    public int getPartition() {
        return settings.getPartition();
    }

    @DataBoundSetter
    public void setPartition(int partition) {
        settings.setPartition(partition);
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener) throws InterruptedException, IOException {
        Map<String, Object> r = RolloutRunner.run(settings, run, listener);
        Map<?, ?> status = (Map<?, ?>) r.get("status");
        if (!status.containsKey("phase")) {
            // an InferenceService or a StatefulSet: no Rollout phase, step or weight to export
            return;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("GITOPS_ROLLOUT_PHASE", String.valueOf(status.get("phase")));
        vars.put("GITOPS_ROLLOUT_STEP", status.containsKey("step") ? status.get("step") + "/" + status.get("steps") : "");
        vars.put("GITOPS_ROLLOUT_WEIGHT", status.containsKey("setWeight") ? String.valueOf(status.get("setWeight")) : "");
        run.addAction(new GitopsEnvironmentAction(vars));
    }

    @Extension
    @Symbol("gitopsRolloutBuilder")
    public static final class DescriptorImpl extends ClusterBuilderDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Promote, abort, retry, restart or pause an Argo Rollout of a GitOps app";
        }

        public ListBoxModel doFillActionItems() {
            return Jenkins.get().getDescriptorByType(GitopsRolloutStep.DescriptorImpl.class).doFillActionItems();
        }

        /** The help texts are the step's. */
        @Override
        public String getHelpFile(String fieldName) {
            return Jenkins.get().getDescriptorByType(GitopsRolloutStep.DescriptorImpl.class).getHelpFile(fieldName);
        }
    }
}
