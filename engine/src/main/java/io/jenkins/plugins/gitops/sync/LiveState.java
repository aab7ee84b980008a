package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The live objects a sync needs: one LIST per kind (desired kinds and inventory kinds), across
 * namespaces, of objects carrying the app label of any app ({@code gitops.jenkins.io/app}), so
 * that objects of other apps are seen too. Kinds not served yet (their CRD comes with this
 * sync) have no objects. Objects without the label are not seen: a server-side apply adopts them.
 */
final class LiveState {

    private LiveState() {
    }

    /** The kinds a sync reads, by {@code group/kind}: {apiVersion, kind} of the desired objects, then of the inventory's. */
    static Map<String, String[]> kinds(List<Task> tasks, Inventory inv) {
        return kindsOf(tasks.stream().map(Task::object).toList(), inv.objects());
    }

    static Map<ResourceKey, ObjectNode> read(Cluster cluster, List<Task> tasks, Inventory inv, SyncOptions opts, ExecutorService pool) {
        return read(cluster, kinds(tasks, inv).values(), pool);
    }

    /** One LIST of a kind ({apiVersion, kind}), on this thread; no objects when the kind is not served (yet). */
    static Map<ResourceKey, ObjectNode> read(Cluster cluster, String[] gvk) {
        Map<ResourceKey, ObjectNode> live = new java.util.HashMap<>();
        Optional<ApiResource> r = cluster.resolver().find(gvk[0], gvk[1]);
        if (r.isEmpty()) {
            return live;
        }
        try {
            for (ObjectNode o : cluster.list(r.get(), null, Tracking.APP_LABEL)) {
                live.put(KubeObject.keyOf(o), o); // the key read in place: a LIST item is not copied to be keyed
            }
        } catch (KubeApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
        return live;
    }

    /** The kinds of objects, then of recorded inventory entries (none: {@code List.of()}), by {@code group/kind}: {apiVersion, kind}. */
    static Map<String, String[]> kindsOf(List<KubeObject> objects, List<InventoryEntry> recorded) {
        Map<String, String[]> kinds = new LinkedHashMap<>();
        objects.forEach(o -> kinds.putIfAbsent(o.group() + "/" + o.kind(), new String[] {o.apiVersion(), o.kind()}));
        recorded.forEach(e -> kinds.putIfAbsent(e.key().group() + "/" + e.key().kind(), new String[] {e.apiVersion(), e.key().kind()}));
        return kinds;
    }

    /** One LIST per kind ({apiVersion, kind}), across namespaces, of the objects carrying an app label. */
    static Map<ResourceKey, ObjectNode> read(Cluster cluster, java.util.Collection<String[]> kinds, ExecutorService pool) {
        List<Future<Map<ResourceKey, ObjectNode>>> fs = new ArrayList<>();
        for (String[] gvk : kinds) {
            fs.add(pool.submit(() -> read(cluster, gvk)));
        }
        return gather(fs);
    }

    /**
     * The LISTs of a set's kinds, started before the sync plans (a re-sync's: see
     * {@link ClusterReads#prefetching}), and read by its {@code live} call; a kind the tasks have
     * beyond them is listed then.
     */
    static final class Early {
        private final Cluster cluster;
        private final Map<String, Future<Map<ResourceKey, ObjectNode>>> byKind = new LinkedHashMap<>();

        Early(Cluster cluster, Map<String, String[]> kinds, ExecutorService pool) {
            this.cluster = cluster;
            kinds.forEach((gk, gvk) -> byKind.put(gk, pool.submit(() -> LiveState.read(cluster, gvk))));
        }

        Map<ResourceKey, ObjectNode> read(List<Task> tasks, Inventory inv, ExecutorService pool) {
            List<Future<Map<ResourceKey, ObjectNode>>> fs = new ArrayList<>();
            kinds(tasks, inv).forEach((gk, gvk) -> {
                Future<Map<ResourceKey, ObjectNode>> f = byKind.get(gk);
                fs.add(f != null ? f : pool.submit(() -> LiveState.read(cluster, gvk)));
            });
            return gather(fs);
        }
    }

    private static Map<ResourceKey, ObjectNode> gather(java.util.Collection<Future<Map<ResourceKey, ObjectNode>>> fs) {
        Map<ResourceKey, ObjectNode> live = new ConcurrentHashMap<>();
        for (Future<Map<ResourceKey, ObjectNode>> f : fs) {
            live.putAll(Futures.get(f, "interrupted while reading the cluster", "cannot read the cluster"));
        }
        return live;
    }
}
