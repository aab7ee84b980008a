package io.jenkins.plugins.gitops.plugin.triggers;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.Job;
import hudson.triggers.Trigger;
import hudson.triggers.TriggerDescriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import jenkins.model.ParameterizedJobMixIn;
import jenkins.util.Timer;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the GitOps triggers share: the cron thread only hands the poll to a pool thread
 * ({@code jenkins.util.Timer}), never two polls of one job at a time, never for a job that cannot
 * build. The poll itself (a registry, a Git remote and a cluster, a model registry) is the subclass's.
 */
public abstract class PollingTrigger extends Trigger<Job<?, ?>> {

    private static final Logger LOGGER = Logger.getLogger(PollingTrigger.class.getName());

    private transient volatile Future<?> polling;

    PollingTrigger(String spec) {
        super(spec);
    }

    /** Called on the cron thread. */
    @Override
    public final void run() {
        Job<?, ?> j = job;
        if (j == null || !j.isBuildable()) {
            return;
        }
        Future<?> previous = polling;
        if (previous != null && !previous.isDone()) {
            LOGGER.fine(() -> j.getFullName() + ": previous " + getClass().getSimpleName() + " poll still running");
            return;
        }
        polling = Timer.get().submit(() -> poll(j));
    }

    /** One poll, on a pool thread; failures are logged by the subclass, never thrown. */
    abstract void poll(Job<?, ?> j);

    /** For jobs that take parameters (the triggers pass what they found as build parameters). */
    public abstract static class PollingDescriptor extends TriggerDescriptor {

        @Override
        public boolean isApplicable(Item item) {
            return item instanceof ParameterizedJobMixIn.ParameterizedJob;
        }

        @POST
        public FormValidation doCheckSpec(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            return FormChecks.cronSpec(item, value);
        }
    }
}
