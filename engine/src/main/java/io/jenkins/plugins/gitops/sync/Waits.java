package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.health.Health;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.CrdWait;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Waits with a deadline: CRDs Established, a wave healthy, a hook finished (on watches); an object gone (polled). */
final class Waits {

    private final Cluster cluster;
    private final Duration timeout;
    private final HealthAssessor health = new HealthAssessor();

    private final String crdSelector;

    /** @param app the app whose sync waits: the CRDs it applied carry its label, and its CRD waits see only those */
    Waits(Cluster cluster, Duration timeout, String app) {
        this.cluster = cluster;
        this.timeout = timeout;
        this.crdSelector = Tracking.APP_LABEL + "=" + app;
    }

    /**
     * Until every CRD named is Established (a LIST and one watch of the CRDs that carry the app's
     * label, not a poll per CRD; polling each, with retries, only when the watch cannot be used, and
     * for a CRD that another app's label took over meanwhile), then discovery of each group is read
     * again, once per group.
     */
    void crdsEstablished(Map<String, String> groupByName) {
        if (groupByName.isEmpty()) {
            return;
        }
        CrdWait w;
        try {
            w = cluster.awaitCrdsEstablished(groupByName.keySet(), crdSelector, timeout);
        } catch (io.jenkins.plugins.gitops.kube.KubeApiException e) {
            w = null;
        }
        if (w == null) {
            groupByName.forEach((name, group) -> crdEstablished(name, group));
            return;
        }
        if (!w.notEstablished().isEmpty()) {
            String first = w.notEstablished().stream().sorted().findFirst().orElseThrow();
            throw new SyncException("CustomResourceDefinition.apiextensions.k8s.io/" + first + ": not Established after " + timeout.toSeconds() + " s");
        }
        java.util.Set<String> unselected = w.unselected();
        java.util.Set<String> groups = new java.util.TreeSet<>();
        groupByName.forEach((name, group) -> {
            if (unselected.contains(name)) {
                crdEstablished(name, group); // reads its group's discovery itself
            } else {
                groups.add(group);
            }
        });
        groups.forEach(g -> cluster.resolver().refresh(g));
    }

    /** Until the CRD is Established, then discovery of its group is read again. */
    void crdEstablished(String name, String group) {
        ApiResource crds = cluster.resolver().resolve("apiextensions.k8s.io/v1", "CustomResourceDefinition");
        poll("CustomResourceDefinition.apiextensions.k8s.io/" + name + ": not Established", () -> {
            Optional<ObjectNode> crd = cluster.get(crds, null, name);
            if (crd.isEmpty()) {
                return false;
            }
            for (JsonNode c : crd.get().path("status").path("conditions")) {
                if (c.path("type").asText().equals("Established") && c.path("status").asText().equals("True")) {
                    return true;
                }
            }
            return false;
        });
        cluster.resolver().refresh(group);
    }

    /**
     * Until every object is Healthy or has no health, on watches (one informer per kind, scoped by
     * the app label, as {@code gitopsWaitHealthy}): no GET per object per round. Returns the object
     * that stands in the way and why (Degraded fails at once, as Argo CD between waves; otherwise the
     * first one still not healthy at the deadline), or empty on success.
     */
    Optional<Map.Entry<ResourceKey, String>> healthy(List<Task> tasks, String app) {
        WaitState state = new WaitTargets(app, WaitTargets.selector(app, ""), tasks.stream().map(Task::object).toList())
                .state(timeout, java.time.Clock.systemUTC());
        WaitResult r;
        try {
            r = new HealthWaiter(new ClusterKubeAccess(cluster)).await(state, WaitOptions.defaults().withFailFast(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException("interrupted while waiting for a wave to become healthy", e);
        }
        if (r.healthy()) {
            return Optional.empty();
        }
        for (WaitResult.ObjectHealth o : r.objects()) {
            if (o.status() != HealthStatus.HEALTHY) {
                ResourceKey key = tasks.stream().map(Task::key).filter(k -> k.toString().equals(o.key())).findFirst().orElse(tasks.get(0).key());
                String why = o.status() == HealthStatus.DEGRADED ? "Degraded: " + o.message()
                        : "not healthy after " + timeout.toSeconds() + " s: " + o.status().displayName() + (o.message().isEmpty() ? "" : ": " + o.message());
                return Optional.of(Map.entry(key, why));
            }
        }
        return Optional.of(Map.entry(tasks.get(0).key(), "not healthy after " + timeout.toSeconds() + " s: " + r.summary()));
    }

    /** Until a hook finishes (on a watch of that object): its health when Healthy or Degraded. */
    Health finished(ApiResource r, ResourceKey key) {
        try {
            Optional<ObjectNode> end = cluster.awaitObject(r, key.namespace(), key.name(), o -> {
                HealthStatus s = health.assess(KubeObject.of(o)).orElse(Health.healthy()).status();
                return s == HealthStatus.HEALTHY || s == HealthStatus.DEGRADED;
            }, timeout);
            return end.map(o -> health.assess(KubeObject.of(o)).orElse(Health.healthy())).orElse(Health.missing("hook disappeared"));
        } catch (KubeApiException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SyncException(key + ": hook did not finish: interrupted", e);
            }
            throw new SyncException(key + ": hook did not finish: " + e.getMessage(), e);
        }
    }

    void gone(ApiResource r, ResourceKey key) {
        poll(key + ": still there after deletion", () -> cluster.get(r, key.namespace(), key.name()).isEmpty());
    }

    private void poll(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new SyncException(what + " after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncException(what + ": interrupted", e);
            }
            pause = Math.min(pause * 2, 500);
        }
    }
}
