package io.jenkins.plugins.gitops.plugin.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.cluster.HealthWait;
import io.jenkins.plugins.gitops.plugin.cluster.WaitSettings;
import io.jenkins.plugins.gitops.plugin.steps.AbstractSyncStep;
import io.jenkins.plugins.gitops.plugin.steps.GitopsWaitHealthyStep;
import io.jenkins.plugins.gitops.plugin.steps.HealthCheck;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsEnvironmentAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle form of {@code gitopsWaitHealthy}. A freestyle build step cannot outlive a
 * controller restart, so this one waits in the build's thread (aborting the build interrupts it).
 * Exports {@code GITOPS_HEALTHY} ({@code true}/{@code false}), {@code GITOPS_HEALTH_OUTCOME} and
 * {@code GITOPS_HEALTH_SUMMARY}; an unhealthy end fails the step after exporting them.
 */
public final class GitopsWaitHealthyBuilder extends ClusterBuilder<GitopsWaitHealthyStep> {

    @DataBoundConstructor
    public GitopsWaitHealthyBuilder(String app) {
        super(new GitopsWaitHealthyStep(app));
    }

    public String getSelector() {
        return settings.getSelector();
    }

    @DataBoundSetter
    public void setSelector(String selector) {
        settings.setSelector(selector);
    }

    public String getTimeout() {
        return settings.getTimeout();
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        settings.setTimeout(timeout);
    }

    public boolean isFailFast() {
        return settings.isFailFast();
    }

    @DataBoundSetter
    public void setFailFast(boolean failFast) {
        settings.setFailFast(failFast);
    }

    public boolean isAllowSuspended() {
        return settings.isAllowSuspended();
    }

    @DataBoundSetter
    public void setAllowSuspended(boolean allowSuspended) {
        settings.setAllowSuspended(allowSuspended);
    }

    public boolean isRollbackOnFailure() {
        return settings.isRollbackOnFailure();
    }

    @DataBoundSetter
    public void setRollbackOnFailure(boolean rollbackOnFailure) {
        settings.setRollbackOnFailure(rollbackOnFailure);
    }

    public List<HealthCheck> getHealthChecks() {
        return settings.getHealthChecks();
    }

    @DataBoundSetter
    public void setHealthChecks(List<HealthCheck> healthChecks) {
        settings.setHealthChecks(healthChecks);
    }

    public String getUntil() {
        return settings.getUntil();
    }

    @DataBoundSetter
    public void setUntil(String until) {
        settings.setUntil(until);
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener) throws InterruptedException, IOException {
        WaitSettings s = settings.settings(AbstractSyncStep.initiator(env, run));
        GitopsWaitHealthyStep.checkUntil(settings.getUntil());
        for (HealthCheck h : s.healthChecks) {
            try {
                h.toSpec();
            } catch (RuntimeException e) {
                throw new AbortException("gitopsWaitHealthy: " + e.getMessage());
            }
        }
        ClusterAccess access = s.cluster().resolveOnController(run, s.namespace, "gitopsWaitHealthy");
        long deadline = System.currentTimeMillis() + settings.timeoutDuration().toMillis();
        HealthWait.Outcome o = HealthWait.run(s, access, null, deadline, listener.getLogger(), found -> { });
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("GITOPS_HEALTHY", Boolean.toString(o.healthy()));
        vars.put("GITOPS_HEALTH_OUTCOME", String.valueOf(o.result().get("outcome")));
        vars.put("GITOPS_HEALTH_SUMMARY", String.valueOf(o.result().get("summary")));
        run.addAction(new GitopsEnvironmentAction(vars));
        GitopsAction.record(run, GitopsRecord.builder("wait", o.status()).app(s.app)
                .summary((o.healthy() ? "healthy: " : "NOT healthy: ") + o.result().get("summary")).items(HealthWait.items(o.result())).build());
        if (!o.healthy()) {
            throw new AbortException(o.message());
        }
    }

    @Extension
    @Symbol("gitopsWaitHealthyBuilder")
    public static final class DescriptorImpl extends ClusterBuilderDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Wait until a GitOps app is healthy";
        }

        @Override
        public boolean runsOnController() {
            return true;
        }

        public hudson.util.ListBoxModel doFillUntilItems() {
            return Jenkins.get().getDescriptorByType(GitopsWaitHealthyStep.DescriptorImpl.class).doFillUntilItems();
        }

        /** The help texts are the step's. */
        @Override
        public String getHelpFile(String fieldName) {
            return Jenkins.get().getDescriptorByType(GitopsWaitHealthyStep.DescriptorImpl.class).getHelpFile(fieldName);
        }
    }
}
