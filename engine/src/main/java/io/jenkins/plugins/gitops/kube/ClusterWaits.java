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

    /**
     * Until every named CRD the selector matches is Established (or has stopped matching it): one
     * LIST and one watch, both scoped by {@code labelSelector} (null: all CRDs). A sync scopes them
     * to its app's label: the CRDs it applied carry it, and a LIST of every CRD of the cluster
     * copies megabytes of schemas for each stage of each app that applies one (Kubeflow's 74 CRDs,
     * listed again by every app of a tree). A CRD another app labelled meanwhile (two apps that
     * render one CRD) leaves the selector: it is returned as unselected, not waited for here.
     */
    CrdWait crdsEstablished(Collection<String> names, String labelSelector, Duration timeout) {
        Set<String> missing = ConcurrentHashMap.newKeySet();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<String> unselected = ConcurrentHashMap.newKeySet();
        missing.addAll(names);
        if (missing.isEmpty()) {
            return new CrdWait(Set.of(), Set.of());
        }
        CountDownLatch all = new CountDownLatch(1);
        ObjectWatch.Handler handler = new ObjectWatch.Handler() {
            @Override
            public void upserted(ObjectNode crd) {
                String name = crd.path("metadata").path("name").asText();
                seen.add(name);
                if (established(crd) && missing.remove(name) && missing.isEmpty()) {
                    all.countDown();
                }
            }

            @Override
            public void deleted(String namespace, String name) {
                // without a selector a CRD deleted while we wait stays missing; with one, it may only have left the selector
                if (labelSelector != null && missing.remove(name)) {
                    unselected.add(name);
                    if (missing.isEmpty()) {
                        all.countDown();
                    }
                }
            }
        };
        try (ObjectWatch w = cluster.watch(CRDS, null, labelSelector, null, handler)) {
            if (labelSelector != null) {
                // the LIST has been read: a named CRD it did not hold does not carry the label
                for (String name : names) {
                    if (!seen.contains(name) && missing.remove(name)) {
                        unselected.add(name);
                    }
                }
                if (missing.isEmpty()) {
                    all.countDown();
                }
            }
            await(all, timeout, "CustomResourceDefinitions");
        }
        return new CrdWait(Set.copyOf(missing), Set.copyOf(unselected));
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

    static boolean established(JsonNode crd) {
        for (JsonNode c : crd.path("status").path("conditions")) {
            if ("Established".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }
}
