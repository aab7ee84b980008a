package io.jenkins.plugins.gitops.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsWaitHealthy}: waits until the app's objects are healthy, with the engine's watch-based
 * waiter. A fully asynchronous execution in the {@code sleep} step's model: {@code start()} returns
 * at once, the wait runs on a controller pool thread, and the execution keeps only plain values
 * (the tracked objects, the deadline in epoch milliseconds, the options and credential IDs) so that
 * after a controller restart {@link Execution#onResume()} resolves the credentials again and picks
 * the wait up with the time that was left. Aborting cancels the wait. Returns {@code healthy},
 * {@code outcome}, {@code summary}, {@code durationMs} and {@code objects}; an unhealthy end fails
 * the step (after a rollback, when {@code rollbackOnFailure}).
 */
public final class GitopsWaitHealthyStep extends ClusterStep {

    static final String DEFAULT_TIMEOUT = "10m";

    private String selector = "";
    private String timeout = DEFAULT_TIMEOUT;
    private boolean failFast;
    private boolean allowSuspended;
    private boolean rollbackOnFailure;
    private List<HealthCheck> healthChecks = List.of();

    @DataBoundConstructor
    public GitopsWaitHealthyStep(String app) {
        super(app);
    }

    public String getSelector() {
        return selector;
    }

    @DataBoundSetter
    public void setSelector(String selector) {
        this.selector = Util.fixNull(selector).strip();
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}; a bare number is minutes (what this parameter was). */
    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepTimeouts.check(timeout, DEFAULT_TIMEOUT);
    }

    /** The timeout as a duration. */
    java.time.Duration timeoutDuration() {
        return StepTimeouts.of(timeout);
    }

    public boolean isFailFast() {
        return failFast;
    }

    @DataBoundSetter
    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    public boolean isAllowSuspended() {
        return allowSuspended;
    }

    @DataBoundSetter
    public void setAllowSuspended(boolean allowSuspended) {
        this.allowSuspended = allowSuspended;
    }

    public boolean isRollbackOnFailure() {
        return rollbackOnFailure;
    }

    @DataBoundSetter
    public void setRollbackOnFailure(boolean rollbackOnFailure) {
        this.rollbackOnFailure = rollbackOnFailure;
    }

    public List<HealthCheck> getHealthChecks() {
        return healthChecks;
    }

    @DataBoundSetter
    public void setHealthChecks(List<HealthCheck> healthChecks) {
        this.healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
    }

    WaitSettings settings(String initiator) {
        return new WaitSettings(getApp(), selector, getNamespace(), failFast, allowSuspended, rollbackOnFailure, getInventoryNamespace(),
                initiator, healthChecks, cluster());
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        for (HealthCheck h : healthChecks) {
            try {
                h.toSpec(); // a wrong rule fails the step before any wait
            } catch (RuntimeException e) {
                throw new AbortException("gitopsWaitHealthy: " + e.getMessage());
            }
        }
        Run<?, ?> run = context.get(Run.class);
        return new Execution(settings(AbstractSyncStep.initiator(context.get(EnvVars.class), run)), timeoutDuration().toMillis(), context);
    }

    /**
     * The persisted part is plain: settings (strings, booleans, IDs), the tracked objects once
     * known, and the deadline. The running wait is a transient future.
     */
    public static final class Execution extends StepExecution {

        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

        private final WaitSettings settings;
        private final long timeoutMillis;
        private long deadline;
        private @CheckForNull ArrayList<String> objects;

        private transient volatile Future<?> task;
        private transient volatile boolean stopped;

        Execution(WaitSettings settings, long timeoutMillis, StepContext context) {
            super(context);
            this.settings = settings;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public boolean start() {
            deadline = System.currentTimeMillis() + timeoutMillis;
            arm(false);
            return false;
        }

        @Override
        public void onResume() {
            arm(true);
        }

        private void arm(boolean resumed) {
            TaskListener listener = listener();
            long left = deadline - System.currentTimeMillis();
            listener.getLogger().println("gitopsWaitHealthy: " + (resumed ? "resuming the wait for app " : "waiting for app ") + settings.app
                    + " to be healthy, " + (left > 0 ? Util.getTimeSpanString(left) + " left" : "no time left") + " (" + settings.labelSelector() + ")");
            task = Computer.threadPoolForRemoting.submit(this::work);
        }

        private void work() {
            StepContext context = getContext();
            try {
                Run<?, ?> run = context.get(Run.class);
                TaskListener listener = listener();
                ClusterAccess access = settings.cluster().resolve(run, settings.namespace);
                List<String> known = objects == null ? null : List.copyOf(objects);
                HealthWait.Outcome outcome = HealthWait.run(settings, access, known, deadline, listener.getLogger(), found -> {
                    objects = new ArrayList<>(found);
                    context.saveState();
                });
                if (stopped) {
                    return;
                }
                GitopsAction.record(run, new GitopsRecord("wait", settings.app, "", "",
                        (outcome.healthy() ? "healthy: " : "NOT healthy: ") + outcome.result().get("summary")
                                + (outcome.result().containsKey("rollback") ? " (rolled back)" : ""),
                        objects == null ? 0 : objects.size(), List.of(), HealthWait.items(outcome.result())));
                if (outcome.healthy()) {
                    context.onSuccess(outcome.result());
                } else {
                    context.onFailure(new AbortException(outcome.message()));
                }
            } catch (InterruptedException e) {
                if (!stopped) {
                    context.onFailure(e);
                }
            } catch (Exception e) {
                if (!stopped) {
                    context.onFailure(e);
                }
            }
        }

        private TaskListener listener() {
            try {
                return getContext().get(TaskListener.class);
            } catch (Exception x) {
                LOGGER.log(Level.WARNING, null, x);
                return TaskListener.NULL;
            }
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            stopped = true;
            Future<?> t = task;
            if (t != null) {
                t.cancel(true);
            }
            super.stop(cause);
        }

        @Override
        public String getStatus() {
            long left = deadline - System.currentTimeMillis();
            return "waiting for app " + settings.app + (objects == null ? "" : " (" + objects.size() + " objects)")
                    + (left > 0 ? ", " + Util.getTimeSpanString(left) + " left" : ", deadline passed");
        }
    }

    @Extension
    public static final class DescriptorImpl extends ClusterStepDescriptor {

        @Override
        public String getFunctionName() {
            return "gitopsWaitHealthy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Wait until a GitOps app is healthy";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        /** {@code healthChecks} entries may give {@code rules} as a list of clauses. */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            if (arguments.get("healthChecks") instanceof List<?> list) {
                Map<String, Object> out = new LinkedHashMap<>(arguments);
                out.put("healthChecks", new ArrayList<>(list.stream().map(HealthCheck::normalize).toList()));
                return super.newInstance(out);
            }
            return super.newInstance(arguments);
        }
    }
}
