package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Waits that a sync makes on the cluster, each one LIST and one {@link ObjectWatch} (no polling):
 * until CustomResourceDefinitions are Established, until one object is done (a hook's Job) or
 * gone. Every request is one of the cluster's counted verbs.
 */
final class ClusterWaits {

    /** CRDs are served at a fixed place: no discovery needed to watch them. */
    static final ApiResource CRDS = new ApiResource("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false);

    private final Cluster cluster;

    ClusterWaits(Cluster cluster) {
        this.cluster = cluster;
    }

    /** The names still not Established at the deadline (none: all are). */
    Set<String> crdsEstablished(Collection<String> names, Duration timeout) {
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(names);
        if (missing.isEmpty()) {
            return missing;
        }
        CountDownLatch all = new CountDownLatch(1);
        ObjectWatch.Handler handler = new ObjectWatch.Handler() {
            @Override
            public void upserted(ObjectNode crd) {
                if (established(crd) && missing.remove(crd.path("metadata").path("name").asText()) && missing.isEmpty()) {
                    all.countDown();
                }
            }

            @Override
            public void deleted(String namespace, String name) {
                // a CRD deleted while we wait stays missing
            }
        };
        try (ObjectWatch w = cluster.watch(CRDS, null, null, null, handler)) {
            await(all, timeout, "CustomResourceDefinitions");
        }
        return missing;
    }

    /** The object once {@code done} accepts it, or empty when it is (or becomes) absent; throws at the deadline. */
    Optional<ObjectNode> object(ApiResource r, String namespace, String name, Predicate<ObjectNode> done, Duration timeout) {
        String what = r.kind() + (namespace.isEmpty() ? "/" : "/" + namespace + "/") + name;
        AtomicReference<Optional<ObjectNode>> result = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        boolean[] seen = {false};
        ObjectWatch.Handler handler = new ObjectWatch.Handler() {
            @Override
            public void upserted(ObjectNode o) {
                seen[0] = true;
                if (done.test(o) && result.compareAndSet(null, Optional.of(o))) {
                    finished.countDown();
                }
            }

            @Override
            public void deleted(String ns, String n) {
                if (result.compareAndSet(null, Optional.empty())) {
                    finished.countDown();
                }
            }
        };
        try (ObjectWatch w = cluster.watch(r, r.namespaced() ? namespace : null, null, "metadata.name=" + name, handler)) {
            if (!seen[0]) {
                return Optional.empty(); // not there to begin with (the list delivered nothing)
            }
            if (!await(finished, timeout, what)) {
                throw new KubeApiException(what + ": not done after " + timeout.toSeconds() + " s", 0, "", null);
            }
        }
        return result.get();
    }

    private static boolean await(CountDownLatch latch, Duration timeout, String what) {
        try {
            return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeApiException(what + ": interrupted", 0, "", e);
        }
    }

    private static boolean established(JsonNode crd) {
        for (JsonNode c : crd.path("status").path("conditions")) {
            if ("Established".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }
}
