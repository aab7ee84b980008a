package io.jenkins.plugins.gitops.health.wait;

import io.jenkins.plugins.gitops.health.Health;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.RolloutPauseRule;
import io.jenkins.plugins.gitops.health.cause.PreviousLogs;
import io.jenkins.plugins.gitops.health.cause.Related;
import io.jenkins.plugins.gitops.health.cause.RootCause;
import io.jenkins.plugins.gitops.health.wait.WaitState.Target;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waits until every tracked object of an app is Healthy, by watching, not polling: one watch per
 * kind (scoped by the app's label selector when there is one, else by name or namespace), a
 * cache of the latest version of each object, and a re-assessment on every change. Returns at
 * once when all are Healthy (or Suspended, if allowed), on the first Degraded when fail-fast,
 * or at the deadline with the full picture. Root causes are gathered only for the objects that
 * are not healthy at the end, with a few one-off lists.
 *
 * <p>Health is generation-aware (see {@link HealthAssessor}): a wait started right after an
 * apply sees the new {@code metadata.generation} and cannot pass on a status the controller
 * wrote for the previous spec.
 */
public final class HealthWaiter {

    private final KubeAccess kube;
    private final HealthAssessor assessor;
    private final Clock clock;

    public HealthWaiter(KubeAccess kube, HealthAssessor assessor, Clock clock) {
        this.kube = kube;
        this.assessor = assessor;
        this.clock = clock;
    }

    public HealthWaiter(KubeAccess kube) {
        this(kube, new HealthAssessor(), Clock.systemUTC());
    }

    /** Waits (blocking the calling thread) until the state's objects are healthy or its deadline passes. */
    public WaitResult await(WaitState state, WaitOptions options) throws InterruptedException {
        if (options.untilPaused()) {
            // a Rollout at a pause step is where this wait ends (the rest of the app must be healthy)
            return new HealthWaiter(kube, assessor.withOverride("argoproj.io", "Rollout", new RolloutPauseRule()), clock)
                    .await(state, options.withUntilPaused(false).withFailFast(true));
        }
        long started = clock.millis();
        Map<String, Long> before = kube.requests();
        Map<ResourceKey, Target> targets = new LinkedHashMap<>();
        for (Target t : state.targets()) {
            if (assessor.mayHaveHealth(ResourceKey.groupOf(t.apiVersion()), t.kind())) {
                targets.put(t.key(), t);
            }
        }
        Map<ResourceKey, KubeObject> live = new ConcurrentHashMap<>();
        ReentrantLock lock = new ReentrantLock();
        Condition changed = lock.newCondition();
        long[] version = {0};
        KubeAccess.Listener listener = new KubeAccess.Listener() {
            @Override
            public void upserted(KubeObject obj) {
                if (targets.containsKey(obj.key())) {
                    live.put(obj.key(), obj);
                    signal();
                }
            }

            @Override
            public void deleted(ResourceKey key) {
                if (live.remove(key) != null) {
                    signal();
                }
            }

            private void signal() {
                lock.lock();
                try {
                    version[0]++;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        };
        List<KubeAccess.Watching> watches = new ArrayList<>();
        try {
            for (WatchScope scope : WatchScope.plan(targets.values(), state.labelSelector())) {
                watches.add(kube.watch(scope.apiVersion(), scope.kind(), scope.namespace(), scope.labelSelector(), scope.name(), listener));
            }
            String lastLine = null;
            while (true) {
                long seen;
                lock.lock();
                try {
                    seen = version[0];
                } finally {
                    lock.unlock();
                }
                Map<ResourceKey, Health> healths = assess(targets, live);
                Progress progress = Progress.of(targets, live, healths, options.allowSuspended());
                if (!progress.line().equals(lastLine)) {
                    lastLine = progress.line();
                    options.progress().accept(lastLine);
                }
                WaitResult.Outcome outcome = null;
                if (progress.done()) {
                    outcome = WaitResult.Outcome.HEALTHY;
                } else if (options.failFast() && healths.values().stream().anyMatch(h -> h.status() == HealthStatus.DEGRADED)) {
                    outcome = WaitResult.Outcome.DEGRADED;
                } else if (clock.millis() >= state.deadlineEpochMillis()) {
                    outcome = WaitResult.Outcome.TIMED_OUT;
                }
                if (outcome != null) {
                    closeAll(watches);
                    WaitResult result = result(state, outcome, progress.line(), targets, live, healths, options, started, before);
                    if (!result.healthy()) {
                        options.onFailure().accept(result);
                    }
                    return result;
                }
                lock.lock();
                try {
                    long remaining = state.deadlineEpochMillis() - clock.millis();
                    while (version[0] == seen && remaining > 0) {
                        remaining = TimeUnit.NANOSECONDS.toMillis(changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(remaining)));
                    }
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            closeAll(watches);
        }
    }

    private Map<ResourceKey, Health> assess(Map<ResourceKey, Target> targets, Map<ResourceKey, KubeObject> live) {
        Map<ResourceKey, Health> out = new LinkedHashMap<>();
        for (ResourceKey key : targets.keySet()) {
            KubeObject obj = live.get(key);
            if (obj == null) {
                out.put(key, Health.missing("not found"));
            } else {
                assessor.assess(obj).ifPresent(h -> out.put(key, h));
            }
        }
        return out;
    }

    private WaitResult result(WaitState state, WaitResult.Outcome outcome, String summary, Map<ResourceKey, Target> targets,
            Map<ResourceKey, KubeObject> live, Map<ResourceKey, Health> healths, WaitOptions options, long started,
            Map<String, Long> before) {
        List<WaitResult.ObjectHealth> objects = new ArrayList<>();
        Map<String, Related> relatedByNamespace = new HashMap<>();
        for (Map.Entry<ResourceKey, Health> e : healths.entrySet()) {
            Health h = e.getValue();
            List<String> causes = List.of();
            boolean done = h.status() == HealthStatus.HEALTHY || options.allowSuspended() && h.status() == HealthStatus.SUSPENDED;
            KubeObject obj = live.get(e.getKey());
            if (!done && obj != null) {
                Related related = relatedByNamespace.computeIfAbsent(obj.namespace() + "|" + obj.kind(), k -> related(obj));
                PreviousLogs logs = options.readLogs() ? (ns, pod, c) -> kube.previousLog(ns, pod, c, 10) : PreviousLogs.NONE;
                causes = RootCause.explain(obj, related, logs);
            }
            objects.add(new WaitResult.ObjectHealth(e.getKey().toString(), h.status(), h.message(), causes));
        }
        Map<String, Long> after = kube.requests();
        Map<String, Long> used = new LinkedHashMap<>();
        after.forEach((verb, n) -> used.put(verb, n - before.getOrDefault(verb, 0L)));
        return new WaitResult(state.app(), outcome, summary, objects, clock.millis() - started, used);
    }

    /** ReplicaSets and Pods only for workloads that have them; Warning events for everything in a namespace. */
    private Related related(KubeObject obj) {
        String ns = obj.namespace().isEmpty() ? null : obj.namespace();
        boolean workload = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Pod").contains(obj.kind())
                && Set.of("apps", "batch", "").contains(obj.group());
        boolean rollout = obj.kind().equals("Rollout") && obj.group().equals("argoproj.io");
        List<KubeObject> sets = workload && obj.kind().equals("Deployment") || rollout ? kube.list("apps/v1", "ReplicaSet", ns, null, null) : List.of();
        List<KubeObject> pods = workload && !obj.kind().equals("Pod") || rollout ? kube.list("v1", "Pod", ns, null, null) : List.of();
        List<KubeObject> events = ns == null ? List.of() : kube.list("v1", "Event", ns, null, "type=Warning");
        // a Degraded Rollout's root cause is usually a failed analysis: its AnalysisRuns say which metric
        List<KubeObject> runs = rollout ? analysisRuns(ns) : List.of();
        return new Related(sets, pods, events, runs);
    }

    /** AnalysisRuns of a namespace; none when the cluster does not serve them (root causes are best effort). */
    private List<KubeObject> analysisRuns(String namespace) {
        try {
            return kube.list("argoproj.io/v1alpha1", "AnalysisRun", namespace, null, null);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static void closeAll(List<KubeAccess.Watching> watches) {
        for (KubeAccess.Watching w : watches) {
            try {
                w.close();
            } catch (RuntimeException e) {
                // closing is best effort; the wait's answer does not depend on it
            }
        }
        watches.clear();
    }

}
