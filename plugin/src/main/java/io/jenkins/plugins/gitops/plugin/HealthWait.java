package io.jenkins.plugins.gitops.plugin;

import hudson.AbortException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.wait.Fabric8KubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.KubeAccess;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.rollout.RolloutActions;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One health wait with the engine's {@link HealthWaiter} (watches, not polling), and the rollback
 * through the sync engine when it ends unhealthy and that was asked for. Used by the asynchronous
 * {@code gitopsWaitHealthy} execution (on a controller pool thread) and by the freestyle builder.
 */
final class HealthWait {

    /** Kinds looked up by the label selector when the objects are not known yet (as {@code gitops wait} does). */
    static final List<String[]> WORKLOAD_KINDS = List.of(new String[] {"apps/v1", "Deployment"}, new String[] {"apps/v1", "StatefulSet"},
            new String[] {"apps/v1", "DaemonSet"}, new String[] {"batch/v1", "Job"}, new String[] {"v1", "PersistentVolumeClaim"});

    private HealthWait() {
    }

    /** What a wait ended with: the step's return value, whether healthy, and the failure message. */
    record Outcome(Map<String, Object> result, boolean healthy, String message) {
    }

    /**
     * @param objects      the tracked objects ({@code apiVersion|Kind|namespace|name}), or null to discover them by the selector
     * @param onDiscovered receives the discovered objects, so that the caller can persist them before waiting
     */
    static Outcome run(WaitSettings s, ClusterAccess access, List<String> objects, long deadlineEpochMillis, PrintStream log,
            Consumer<List<String>> onDiscovered) throws AbortException, InterruptedException {
        Masker masker = new Masker(access.secrets());
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(access.config()).build()) {
            KubeAccess kube = new Fabric8KubeAccess(client);
            String selector = s.labelSelector();
            List<String> tracked = objects;
            if (tracked == null) {
                tracked = discover(kube, s.namespace.isEmpty() ? null : s.namespace, selector, s.untilPaused());
                onDiscovered.accept(tracked);
            }
            HealthAssessor assessor = new HealthAssessor();
            for (HealthCheck h : s.healthChecks) {
                assessor = h.toSpec().installOn(assessor);
            }
            WaitState state = new WaitState(s.app, selector, tracked, deadlineEpochMillis);
            WaitOptions options = WaitOptions.defaults().withFailFast(s.failFast).withAllowSuspended(s.allowSuspended)
                    .withUntilPaused(s.untilPaused())
                    .withProgress(line -> log.println(masker.mask("gitopsWaitHealthy: " + line)));
            WaitResult result = new HealthWaiter(kube, assessor, Clock.systemUTC()).await(state, options);
            print(result, log, masker);
            Map<String, Object> map = toMap(result, masker);
            if (s.untilPaused()) {
                map.put("rollouts", rollouts(result, masker));
            }
            if (result.healthy()) {
                return new Outcome(map, true, "");
            }
            String message = "gitopsWaitHealthy: app " + s.app + " " + verdict(result) + ": " + masker.mask(result.summary());
            if (s.rollbackOnFailure) {
                // first stop the canary (traffic back to the stable ReplicaSet), then roll the app back in its history
                List<String> aborted = abortRollouts(s, access, tracked, log, masker);
                if (!aborted.isEmpty()) {
                    map.put("abortedRollouts", aborted);
                    message += "; aborted " + String.join(", ", aborted);
                }
                SyncRequest rollback = new SyncRequest("rollback", s.app, "", "", s.namespace, true, false, false, false, true, false, null,
                        s.inventoryNamespace, GitopsSyncStep.DEFAULT_TIMEOUT_MINUTES, s.initiator, 0);
                try {
                    SyncOutcome r = SyncWork.run(rollback, access, null, "history", log);
                    map.put("rollback", r.result());
                    message += r.succeeded() ? "; rolled back to the previous sync (" + r.counts() + ")"
                            : "; the rollback failed too: " + SyncRunner.failureText(r);
                } catch (AbortException e) {
                    message += "; the rollback failed: " + e.getMessage();
                }
            }
            return new Outcome(map, false, message);
        } catch (GitopsException | IllegalArgumentException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("gitopsWaitHealthy: interrupted");
            }
            throw new AbortException("gitopsWaitHealthy: " + masker.mask(e.getMessage()));
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw new AbortException("gitopsWaitHealthy: " + masker.mask(e.getMessage()));
        }
    }

    static List<String> discover(KubeAccess kube, String namespace, String selector) {
        return discover(kube, namespace, selector, false);
    }

    /**
     * The app's workloads and, where the cluster serves them, its Argo Rollouts; with
     * {@code rolloutsRequired} (a wait to a pause) the cluster must serve Rollouts.
     */
    static List<String> discover(KubeAccess kube, String namespace, String selector, boolean rolloutsRequired) {
        List<String> out = new ArrayList<>();
        for (String[] k : WORKLOAD_KINDS) {
            for (KubeObject o : kube.list(k[0], k[1], namespace, selector, null)) {
                out.add(o.apiVersion() + "|" + o.kind() + "|" + o.namespace() + "|" + o.name());
            }
        }
        List<KubeObject> rollouts;
        try {
            rollouts = kube.list("argoproj.io/v1alpha1", "Rollout", namespace, selector, null);
        } catch (RuntimeException e) {
            if (rolloutsRequired) {
                throw new GitopsException("cannot list Argo Rollouts to wait for a pause (is Argo Rollouts installed?): " + e.getMessage());
            }
            rollouts = List.of(); // no Argo Rollouts on this cluster
        }
        for (KubeObject o : rollouts) {
            out.add(o.apiVersion() + "|" + o.kind() + "|" + o.namespace() + "|" + o.name());
        }
        if (out.isEmpty()) {
            throw new GitopsException("no Deployment, StatefulSet, DaemonSet, Job or PersistentVolumeClaim matches '" + selector + "'"
                    + (namespace == null ? "" : " in namespace " + namespace));
        }
        return out;
    }

    /** Where each Rollout stopped: {@code object} and {@code message} (paused at step 1/3, canary weight 25: CanaryPauseStep). */
    static List<Map<String, Object>> rollouts(WaitResult r, Masker masker) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WaitResult.ObjectHealth o : r.objects()) {
            if (o.key().startsWith("Rollout.argoproj.io/")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("object", o.key());
                m.put("health", o.status().displayName());
                m.put("message", masker.mask(o.message()));
                out.add(m);
            }
        }
        return out;
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

    static String verdict(WaitResult r) {
        return switch (r.outcome()) {
            case HEALTHY -> "healthy";
            case DEGRADED -> "degraded";
            case TIMED_OUT -> "timed out";
        };
    }

    private static void print(WaitResult result, PrintStream out, Masker masker) {
        out.println(masker.mask("gitopsWaitHealthy: app " + result.app() + " " + verdict(result) + " after " + result.durationMillis() + " ms: "
                + result.summary()));
        for (WaitResult.ObjectHealth o : result.unhealthy()) {
            out.println(masker.mask("  " + o.key() + ": " + o.status().displayName() + (o.message().isEmpty() ? "" : ": " + o.message())));
            for (String cause : o.causes()) {
                out.println(masker.mask("    - " + cause.replace("\n", "\n      ")));
            }
        }
    }

    /** The final health table for the build summary: every object, its health, its message and root causes. */
    @SuppressWarnings("unchecked")
    static List<GitopsRecord.Item> items(Map<String, Object> result) {
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

    /** {@code healthy}, {@code outcome}, {@code summary}, {@code durationMs}, {@code objects} (object, health, message, causes). */
    static Map<String, Object> toMap(WaitResult r, Masker masker) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", r.app());
        m.put("healthy", r.healthy());
        m.put("outcome", r.outcome().name());
        m.put("summary", masker.mask(r.summary()));
        m.put("durationMs", r.durationMillis());
        List<Map<String, Object>> objects = new ArrayList<>();
        for (WaitResult.ObjectHealth o : r.objects()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("object", o.key().toString());
            x.put("health", o.status().displayName());
            x.put("message", masker.mask(o.message()));
            x.put("causes", new ArrayList<>(o.causes().stream().map(masker::mask).toList()));
            objects.add(x);
        }
        m.put("objects", objects);
        return m;
    }
}
