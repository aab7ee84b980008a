package io.jenkins.plugins.gitops.plugin.triggers;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.XmlFile;
import hudson.model.Item;
import hudson.model.Job;
import hudson.triggers.Trigger;
import hudson.triggers.TriggerDescriptor;
import hudson.util.FormValidation;
import hudson.util.XStream2;
import io.jenkins.plugins.gitops.plugin.LegacyNames;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
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

    /** Reads the state files' classes under their names from before the package split too. */
    private static final XStream2 STATE_XSTREAM = LegacyNames.xstream(LegacyNames.TRIGGER_STATE);

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

    /**
     * What this trigger has seen (tags, model versions, revisions), kept beside the job in
     * {@code fileName} so a restart or a reconfiguration never fires twice for the same thing: reads
     * it (or starts from {@code fresh}), lets {@code offer} decide, writes it back. One trigger's state
     * at a time across all jobs, as the read, decision and write must not interleave with another poll
     * of the same job. Files written before the plugin's packages were split still read.
     */
    final <S, R> R offer(Job<?, ?> j, String fileName, Class<S> type, Supplier<S> fresh, Function<S, R> offer) throws IOException {
        XmlFile file = new XmlFile(STATE_XSTREAM, new File(j.getRootDir(), fileName));
        synchronized (PollingTrigger.class) {
            Object read = file.exists() ? file.read() : null;
            S state = type.isInstance(read) ? type.cast(read) : fresh.get();
            R decision = offer.apply(state);
            file.write(state);
            return decision;
        }
    }

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
