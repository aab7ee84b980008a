package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.health.Health;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Polling waits with a deadline: a CRD Established, objects healthy, an object gone. */
final class Waits {

    private final Cluster cluster;
    private final Duration timeout;
    private final HealthAssessor health = new HealthAssessor();

    Waits(Cluster cluster, Duration timeout) {
        this.cluster = cluster;
        this.timeout = timeout;
    }

    /**
     * Until every CRD named is Established (a LIST and one watch, not a poll per CRD; polling
     * each, with retries, only when the watch cannot be used), then discovery of each group is
     * read again, once per group.
     */
    void crdsEstablished(Map<String, String> groupByName) {
        if (groupByName.isEmpty()) {
            return;
        }
        java.util.Set<String> missing;
        try {
            missing = cluster.awaitCrdsEstablished(groupByName.keySet(), timeout);
        } catch (io.jenkins.plugins.gitops.kube.KubeApiException e) {
            missing = null;
        }
        if (missing == null) {
            groupByName.forEach((name, group) -> crdEstablished(name, group));
            return;
        }
        if (!missing.isEmpty()) {
            String first = missing.stream().sorted().findFirst().orElseThrow();
            throw new SyncException("CustomResourceDefinition.apiextensions.k8s.io/" + first + ": not Established after " + timeout.toSeconds() + " s");
        }
        new java.util.TreeSet<>(groupByName.values()).forEach(g -> cluster.resolver().refresh(g));
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
     * Until every object is Healthy or has no health. Returns the object that stands in the way
     * and why (Degraded fails at once, as Argo CD between waves; otherwise the first one still
     * not healthy at the deadline), or empty on success.
     */
    Optional<Map.Entry<ResourceKey, String>> healthy(List<Task> tasks) {
        List<Map.Entry<ResourceKey, String>> blocking = new ArrayList<>();
        try {
            poll("wave not healthy", () -> {
                blocking.clear();
                for (Task t : tasks) {
                    ApiResource r = cluster.resolver().resolve(t.object().apiVersion(), t.object().kind());
                    Optional<ObjectNode> live = cluster.get(r, t.key().namespace(), t.key().name());
                    if (live.isEmpty()) {
                        blocking.add(Map.entry(t.key(), "missing"));
                        return false;
                    }
                    Optional<Health> h = health.assess(KubeObject.of(live.get()));
                    if (h.isPresent() && h.get().status() == HealthStatus.DEGRADED) {
                        blocking.add(Map.entry(t.key(), "Degraded: " + h.get().message()));
                        return true;
                    }
                    if (h.isPresent() && h.get().status() != HealthStatus.HEALTHY) {
                        blocking.add(Map.entry(t.key(), h.get().toString()));
                        return false;
                    }
                }
                return true;
            });
        } catch (SyncException e) {
            return Optional.of(Map.entry(blocking.isEmpty() ? tasks.get(0).key() : blocking.get(0).getKey(),
                    "not healthy after " + timeout.toSeconds() + " s" + (blocking.isEmpty() ? "" : ": " + blocking.get(0).getValue())));
        }
        return blocking.isEmpty() ? Optional.empty() : Optional.of(blocking.get(0));
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
