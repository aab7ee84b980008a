package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.agent.RolloutRunner;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsRollout}: promotes, aborts, retries, restarts or pauses an Argo Rollout of the app
 * on the live cluster, with the patches {@code kubectl argo rollouts} writes, or reads its
 * {@code status}: the gate between the steps of a canary is then a pipeline stage. Runs on the
 * controller (no workspace). Returns {@code action}, {@code rollout}, {@code message},
 * {@code patches} and {@code status}; a refusal (not the app's Rollout, no such Rollout, not a
 * Rollout, already promoted) fails the step with nothing written. {@code name: 'inferenceservice/NAME'}
 * drives a KServe canary (promote, {@code weight}, abort: all traffic back to the rolled-out
 * revision) and {@code name: 'statefulset/NAME'} a partition (promote lowers it to {@code partition}).
 */
public final class GitopsRolloutStep extends ClusterStep {

    private final String action;
    private final String name;
    private boolean full;
    private int weight = -1;
    private int partition = -1;

    @DataBoundConstructor
    public GitopsRolloutStep(String app, String action, String name) {
        super(app);
        this.action = Util.fixNull(action).strip();
        this.name = Util.fixNull(name).strip();
    }

    /** promote, abort, retry, restart, pause or status. */
    public String getAction() {
        return action;
    }

    /** The Rollout's name. */
    public String getName() {
        return name;
    }

    /** promote only: skip the remaining steps, pauses and analysis. */
    public boolean isFull() {
        return full;
    }

    @DataBoundSetter
    public void setFull(boolean full) {
        this.full = full;
    }

    /** promote of {@code inferenceservice/NAME} only: the canary's traffic percent instead of all of it; -1 when not given. */
    public int getWeight() {
        return weight;
    }

    @DataBoundSetter
    public void setWeight(int weight) {
        this.weight = weight;
    }

    /** promote of {@code statefulset/NAME} only: the partition to lower to; -1 when not given (0). */
    public int getPartition() {
        return partition;
    }

    @DataBoundSetter
    public void setPartition(int partition) {
        this.partition = partition;
    }

    @Override
    public StepExecution start(StepContext context) {
        return MapStepExecution.of(context, (c, run, listener) -> RolloutRunner.run(this, run, listener));
    }

    @Extension
    public static final class DescriptorImpl extends ClusterStepDescriptor {

        @Override
        public String getFunctionName() {
            return "gitopsRollout";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Promote, abort, retry, restart or pause an Argo Rollout of a GitOps app";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        public ListBoxModel doFillActionItems() {
            ListBoxModel m = new ListBoxModel();
            for (String a : new String[] {"promote", "abort", "retry", "restart", "pause", "status"}) {
                m.add(a, a);
            }
            return m;
        }
    }
}
