package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.cluster.HealthWait;
import io.jenkins.plugins.gitops.plugin.cluster.WaitHub;
import io.jenkins.plugins.gitops.plugin.cluster.WaitSettings;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsWaitHealthy}: waits until the app's objects are healthy, with the engine's watch-based
 * waiter. A fully asynchronous execution in the {@code sleep} step's model: {@code start()} returns
 * at once, and the wait holds no thread: it lives on watch callbacks (shared by every wait on the
 * same cluster, {@link WaitHub}) and a deadline scheduled on {@link Timer}. The execution keeps only
 * plain values (the tracked objects, the deadline in epoch milliseconds, the options and credential
 * IDs) so that after a controller restart {@link Execution#onResume()} resolves the credentials
 * again and picks the wait up with the time that was left. Aborting cancels the wait. Without
 * manifests, the objects are every object of the app's inventory, of every kind (the engine's
 * {@code SyncedObjects.ofApp}). Returns {@code healthy},
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
    private String until = "healthy";

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
    public java.time.Duration timeoutDuration() {
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

    /** {@code healthy} (default) or {@code paused}: end the wait when each Argo Rollout is held at a pause step. */
    public String getUntil() {
        return until;
    }

    @DataBoundSetter
    public void setUntil(String until) {
        String u = Util.fixEmptyAndTrim(until);
        this.until = u == null ? "healthy" : u;
    }

    public WaitSettings settings(String initiator) {
        return new WaitSettings(getApp(), selector, getNamespace(), failFast, allowSuspended, rollbackOnFailure, getInventoryNamespace(),
                initiator, healthChecks, cluster(), until);
    }

    /** Refuses an unknown {@code until} before any wait. */
    public static void checkUntil(String until) throws AbortException {
        if (!"healthy".equals(until) && !"paused".equals(until)) {
            throw new AbortException("gitopsWaitHealthy: until must be 'healthy' or 'paused', not '" + until + "'");
        }
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        checkUntil(until);
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
     * known, and the deadline. The running wait is transient: a share of the controller's
     * connection to the cluster ({@link WaitHub}) and the engine's asynchronous wait, which holds
     * no thread while nothing changes (watch callbacks and a deadline on {@link Timer}).
     */
    public static final class Execution extends StepExecution {

        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

        private final WaitSettings settings;
        private final long timeoutMillis;
        private long deadline;
        private @CheckForNull ArrayList<String> objects;

        private transient volatile CompletableFuture<WaitResult> wait;
        private transient volatile WaitHub.Handle connection;
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
                    + (settings.untilPaused() ? " to reach a Rollout pause step, " : " to be healthy, ")
                    + (left > 0 ? Util.getTimeSpanString(left) + " left" : "no time left") + " (" + settings.labelSelector() + ")");
            // connecting, reading the inventory and opening the watches take a moment of a timer thread; the wait then holds none
            Timer.get().submit(this::begin);
        }

        private void begin() {
            StepContext context = getContext();
            Masker masker = Masker.none();
            try {
                Run<?, ?> run = context.get(Run.class);
                TaskListener listener = listener();
                ClusterAccess access = settings.cluster().resolveOnController(run, settings.namespace, "gitopsWaitHealthy");
                masker = new Masker(access.secrets());
                WaitHub.Handle c = WaitHub.acquire(access);
                connection = c;
                if (stopped) {
                    c.close();
                    return;
                }
                HealthAssessor assessor = HealthWait.assessor(settings);
                if (objects == null) {
                    objects = new ArrayList<>(HealthWait.targets(c.cluster(), settings, assessor));
                    context.saveState();
                }
                WaitState state = new WaitState(settings.app, settings.labelSelector(), List.copyOf(objects), deadline);
                CompletableFuture<WaitResult> w = new HealthWaiter(c.watches(), assessor, Clock.systemUTC())
                        .start(state, HealthWait.options(settings, listener.getLogger(), masker), Timer.get());
                wait = w;
                Masker m = masker;
                // the end is handled on a pool thread: a rollback is a sync, and watch threads must stay free
                w.whenCompleteAsync((result, error) -> finish(access, result, error, m), Computer.threadPoolForRemoting);
                if (stopped) {
                    w.cancel(true);
                }
            } catch (Exception e) {
                release();
                if (!stopped) {
                    // Cluster.of (WaitHub.acquire) reports a client fabric8 cannot build as a GitopsException too
                    context.onFailure(e instanceof GitopsException || e instanceof IllegalArgumentException ? HealthWait.failure(e, masker) : e);
                }
            }
        }

        private void finish(ClusterAccess access, @CheckForNull WaitResult result, @CheckForNull Throwable error, Masker masker) {
            release();
            if (stopped) {
                return;
            }
            StepContext context = getContext();
            try {
                if (error != null) {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                    context.onFailure(HealthWait.failure(cause, masker));
                    return;
                }
                Run<?, ?> run = context.get(Run.class);
                HealthWait.Outcome outcome = HealthWait.finish(settings, access, objects == null ? List.of() : List.copyOf(objects), result, listener().getLogger());
                GitopsAction.record(run, GitopsRecord.builder("wait", outcome.status()).app(settings.app)
                        .summary((outcome.healthy() ? "healthy: " : "NOT healthy: ") + outcome.result().get("summary")
                                + (outcome.result().containsKey("rollback") ? " (rolled back)" : ""))
                        .objects(objects == null ? 0 : objects.size()).items(HealthWait.items(outcome.result())).build());
                if (outcome.healthy()) {
                    context.onSuccess(outcome.result());
                } else {
                    context.onFailure(new AbortException(outcome.message()));
                }
            } catch (Exception e) {
                if (!stopped) {
                    context.onFailure(e);
                }
            }
        }

        private void release() {
            WaitHub.Handle c = connection;
            if (c != null) {
                c.close();
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
            CompletableFuture<WaitResult> w = wait;
            if (w != null) {
                w.cancel(true);
            }
            release();
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

        @Override
        public boolean runsOnController() {
            return true;
        }

        public hudson.util.ListBoxModel doFillUntilItems() {
            hudson.util.ListBoxModel m = new hudson.util.ListBoxModel();
            m.add("Healthy (fully rolled out)", "healthy");
            m.add("Paused (at an Argo Rollout pause step)", "paused");
            return m;
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
