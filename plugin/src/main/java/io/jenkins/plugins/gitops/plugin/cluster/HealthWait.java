package io.jenkins.plugins.gitops.plugin.cluster;

import hudson.AbortException;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.plugin.agent.SyncOutcome;
import io.jenkins.plugins.gitops.plugin.agent.SyncRequest;
import io.jenkins.plugins.gitops.plugin.agent.SyncWork;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.plugin.steps.HealthCheck;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import io.jenkins.plugins.gitops.rollout.RolloutActions;
import io.jenkins.plugins.gitops.sync.WaitTargets;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One health wait with the engine's {@link HealthWaiter} (watches, not polling), and the rollback
 * through the sync engine when it ends unhealthy and that was asked for. The freestyle builder
 * blocks in {@link #run}; the {@code gitopsWaitHealthy} step starts the wait asynchronously on a
 * shared connection ({@link WaitHub}) and finishes it with {@link #finish}. What to wait for is
 * the engine's to say ({@link WaitTargets#ofApp}): this class keeps no list of kinds.
 */
public final class HealthWait {

    private HealthWait() {
    }

    /** What a wait ended with: the step's return value, whether healthy, and the failure message. */
    public record Outcome(Map<String, Object> result, boolean healthy, String message) {

        /** The record's status: the wait's outcome. */
        public GitopsRecord.Status status() {
            return GitopsRecord.Status.ofWait(String.valueOf(result.get("outcome")));
        }
    }

    /** The built-in rules plus the step's own health checks. */
    public static HealthAssessor assessor(WaitSettings s) {
        HealthAssessor assessor = new HealthAssessor();
        for (HealthCheck h : s.healthChecks) {
            assessor = h.toSpec().installOn(assessor);
        }
        return assessor;
    }

    /** The objects to track when none are known yet, as the engine decides ({@link WaitTargets#ofApp}). */
    public static List<String> targets(Cluster cluster, WaitSettings s, HealthAssessor assessor) {
        return WaitTargets.ofApp(cluster, s.app, s.inventoryNamespace, s.selector, assessor).ids();
    }

    public static WaitOptions options(WaitSettings s, PrintStream log, Masker masker) {
        return WaitOptions.defaults().withFailFast(s.failFast).withAllowSuspended(s.allowSuspended)
                .withUntilPaused(s.untilPaused())
                .withProgress(line -> log.println(masker.mask("gitopsWaitHealthy: " + line)));
    }

    /**
     * Blocks until the wait ends (the freestyle builder).
     *
     * @param objects      the tracked objects ({@code apiVersion|Kind|namespace|name}), or null to ask the engine
     * @param onDiscovered receives the objects found, so that the caller can persist them before waiting
     */
    public static Outcome run(WaitSettings s, ClusterAccess access, List<String> objects, long deadlineEpochMillis, PrintStream log,
            Consumer<List<String>> onDiscovered) throws AbortException, InterruptedException {
        Masker masker = new Masker(access.secrets());
        try (Cluster cluster = Cluster.of(access.config())) {
            HealthAssessor assessor = assessor(s);
            List<String> tracked = objects;
            if (tracked == null) {
                tracked = targets(cluster, s, assessor);
                onDiscovered.accept(tracked);
            }
            WaitState state = new WaitState(s.app, s.labelSelector(), tracked, deadlineEpochMillis);
            WaitResult result = new HealthWaiter(new ClusterKubeAccess(cluster), assessor, Clock.systemUTC())
                    .await(state, options(s, log, masker));
            return finish(s, access, tracked, result, log);
        } catch (GitopsException | IllegalArgumentException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("gitopsWaitHealthy: interrupted");
            }
            throw failure(e, masker);
        }
    }

    /** The step's failure for an error of the engine or the client, masked. */
    public static AbortException failure(Throwable e, Masker masker) {
        return new AbortException("gitopsWaitHealthy: " + masker.mask(String.valueOf(e.getMessage())));
    }

    /**
     * Prints the result, and when unhealthy rolls back if asked (a sync: blocking, so never on a
     * watch or timer thread), first aborting the tracked Rollouts whose update is in flight.
     */
    public static Outcome finish(WaitSettings s, ClusterAccess access, List<String> tracked, WaitResult result, PrintStream log) throws InterruptedException {
        Masker masker = new Masker(access.secrets());
        print(result, log, masker);
        Map<String, Object> map = toMap(result, masker);
        if (s.untilPaused()) {
            map.put("rollouts", rollouts(result, masker));
        }
        if (result.healthy()) {
            return new Outcome(map, true, "");
        }
        String message = "gitopsWaitHealthy: app " + s.app + " " + result.verdict() + ": " + masker.mask(result.summary());
        if (s.rollbackOnFailure) {
            // first stop the canary (traffic back to the stable ReplicaSet), then roll the app back in its history
            List<String> aborted = abortRollouts(s, access, tracked, log, masker);
            if (!aborted.isEmpty()) {
                map.put("abortedRollouts", aborted);
                message += "; aborted " + String.join(", ", aborted);
            }
            SyncRequest rollback = SyncRequest.rollback(s.app, 0).namespace(s.namespace).inventoryNamespace(s.inventoryNamespace)
                    .initiator(s.initiator).build();
            try {
                SyncOutcome r = SyncWork.run(rollback, access, null, "history", log);
                map.put("rollback", r.toMap());
                message += r.succeeded() ? "; rolled back to the previous sync (" + r.counts() + ")"
                        : "; the rollback failed too: " + r.failureText();
            } catch (AbortException e) {
                message += "; the rollback failed: " + e.getMessage();
            }
        }
        return new Outcome(map, false, message);
    }

    /** Where each Rollout stopped: {@code object}, {@code health}, {@code message} (paused at step 1/3, canary weight 25: CanaryPauseStep), {@code causes}. */
    static List<Map<String, Object>> rollouts(WaitResult r, Masker masker) {
        return new ArrayList<>(r.rollouts().stream().map(o -> masker.maskValues(o.toMap())).toList());
    }

    /** Aborts every tracked Rollout whose update is in flight; returns {@code Rollout/ns/name} of those aborted. */
    static List<String> abortRollouts(WaitSettings s, ClusterAccess access, List<String> tracked, PrintStream log, Masker masker) {
        List<String> out = new ArrayList<>();
        List<String[]> rollouts = tracked.stream().map(t -> t.split("\\|", -1)).filter(p -> p[0].startsWith("argoproj.io/") && p[1].equals("Rollout"))
                .toList();
        if (rollouts.isEmpty()) {
            return out;
        }
        try (Cluster cluster = Cluster.of(access.config())) {
            RolloutActions actions = new RolloutActions(cluster);
            for (String[] p : rollouts) {
                try {
                    actions.abortIfInFlight(s.app, p[2], p[3]).ifPresent(r -> {
                        out.add(r.rollout());
                        log.println(masker.mask("gitopsWaitHealthy: " + r.message()));
                    });
                } catch (GitopsException e) {
                    log.println(masker.mask("gitopsWaitHealthy: could not abort Rollout " + p[2] + "/" + p[3] + ": " + e.getMessage()));
                }
            }
        }
        return out;
    }

    /** The engine's report ({@link WaitResult#report()}), masked, its first line under the step's name. */
    private static void print(WaitResult result, PrintStream out, Masker masker) {
        List<String> lines = result.report();
        for (int i = 0; i < lines.size(); i++) {
            out.println(masker.mask((i == 0 ? "gitopsWaitHealthy: " : "") + lines.get(i)));
        }
    }

    /** The final health table for the build summary: every object, its health, its message and root causes. */
    @SuppressWarnings("unchecked")
    public static List<GitopsRecord.Item> items(Map<String, Object> result) {
        List<GitopsRecord.Item> items = new ArrayList<>();
        Object objects = result.get("objects");
        if (objects instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    List<String> causes = m.get("causes") instanceof List<?> c ? c.stream().map(String::valueOf).toList() : List.of();
                    String message = String.valueOf(m.get("message") == null ? "" : m.get("message"));
                    String detail = causes.isEmpty() ? message : message + (message.isEmpty() ? "" : "; ") + String.join("; ", causes);
                    items.add(new GitopsRecord.Item(String.valueOf(m.get("object")), String.valueOf(m.get("health")), detail, ""));
                }
            }
        }
        return items;
    }

    /** The engine's form of the result ({@link WaitResult#toMap()}), masked. */
    public static Map<String, Object> toMap(WaitResult r, Masker masker) {
        return masker.maskValues(r.toMap());
    }
}
