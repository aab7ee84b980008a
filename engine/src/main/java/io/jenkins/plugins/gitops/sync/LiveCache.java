package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The live objects of many syncs of one run (the apps of a tree), one LIST per kind for all of
 * them: the first app that needs a kind lists it (across namespaces, objects with an app label, as
 * every sync reads them) and the others read that answer. Sound because what an app compares is
 * its own objects, which only it writes: an app reads them before its first write, and no other app
 * of the run writes them in between, so the shared answer is as current for it as its own LIST
 * would be. (Objects of other apps seen in it may be older than a LIST of the moment; two apps of
 * a run that render one object race for it either way once they sync concurrently.) The same holds
 * for the inventories (one LIST of them for the run); a namespace found once is not asked for again.
 * Secrets compared by digest are still read one by one.
 */
public final class LiveCache {

    private final Cluster cluster;
    private final Map<String, CompletableFuture<Listed>> byKind = new ConcurrentHashMap<>();

    /**
     * One kind as listed, and its objects by the app their tracking annotation names: an app's view
     * of a kind is its desired and recorded objects and those it tracks, looked up, not found by
     * testing every object of the kind (27 apps over Kubeflow's Deployments, ConfigMaps, ... each).
     */
    private record Listed(Map<ResourceKey, ObjectNode> byKey, Map<String, Map<String, List<ResourceKey>>> byOwner) {

        static Listed of(Map<ResourceKey, ObjectNode> objects) {
            return new Listed(Map.copyOf(objects), new ConcurrentHashMap<>());
        }

        /** The keys of the objects whose tracking annotation names {@code app}, indexed once per annotation (apps of a run share it). */
        List<ResourceKey> ownedBy(String app, Tracking tracking) {
            return byOwner.computeIfAbsent(tracking.annotation(), a -> {
                Map<String, List<ResourceKey>> owners = new HashMap<>();
                byKey.forEach((k, o) -> tracking.owner(o).ifPresent(owner -> owners.computeIfAbsent(owner, x -> new java.util.ArrayList<>()).add(k)));
                return owners;
            }).getOrDefault(app, List.of());
        }
    }

    private final Map<String, Map<String, ObjectNode>> inventories = new ConcurrentHashMap<>();
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();

    public LiveCache(Cluster cluster) {
        this.cluster = cluster;
    }

    /** How many kinds were listed: the LISTs the run made for its live objects. */
    public int kindsListed() {
        return byKind.size();
    }

    /**
     * Starts the LISTs of the kinds of {@code objects} now, on {@code pool}, for the syncs that will
     * read them: an app tree knows every app's kinds before its first wave, and a LIST an app of a
     * later wave waits for (Kubeflow's CRDs: 0.3 s) then costs it nothing. Kinds not served yet (their
     * CRD comes with the run) are left to the first app that needs them. Sound for the same reason as
     * the shared answer (see the class comment): every app reads its own objects before its first write.
     */
    public void prefetch(List<io.jenkins.plugins.gitops.kube.KubeObject> objects, ExecutorService pool) {
        Map<String, String[]> kinds = LiveState.kindsOf(objects, List.of());
        // each kind's discovery on the pool too: a tree's kinds span some 25 group versions, one read each, not in a row
        kinds.forEach((gk, gvk) -> submit(pool, () -> {
            if (SyncEngine.served(cluster, gvk[0], gvk[1]).isPresent()) {
                listOnce(cluster, gk, gvk, pool);
            }
        }));
    }

    /** The run's one LIST of a kind: started by the first caller (on {@code pool}), shared with the others. */
    private CompletableFuture<Listed> listOnce(Cluster via, String gk, String[] gvk, ExecutorService pool) {
        CompletableFuture<Listed> f = new CompletableFuture<>();
        CompletableFuture<Listed> known = byKind.putIfAbsent(gk, f);
        if (known != null) {
            return known;
        }
        Runnable list = () -> {
            try {
                f.complete(Listed.of(LiveState.read(via, gvk)));
            } catch (RuntimeException e) {
                byKind.remove(gk, f); // the next app asks again
                f.completeExceptionally(e);
            }
        };
        submit(pool, list);
        return f;
    }

    /** On the pool, or here once the pool is shut down (the run is ending: whoever still asks reads for itself). */
    private static void submit(ExecutorService pool, Runnable work) {
        try {
            pool.submit(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            work.run();
        }
    }

    ClusterReads reads(Cluster own) {
        ClusterReads live = ClusterReads.live(own);
        return new ClusterReads() {
            @Override
            public Inventory inventory(InventoryStore store, String app) {
                // one LIST of the inventories for the run: an app's inventory is written by its own sync only, which reads it
                // (under its Lease) before writing it; the write is at the resourceVersion read, so a stale answer fails, never overwrites
                Map<String, ObjectNode> all = inventories.computeIfAbsent(store.namespace(), ns -> store.listInventories());
                ObjectNode cm = all.get(InventoryStore.name(app));
                return cm == null ? Inventory.empty(app) : store.parse(app, cm.deepCopy());
            }

            @Override
            public List<ObjectNode> manifests(InventoryStore store, HistoryEntry entry) {
                return live.manifests(store, entry);
            }

            @Override
            public Map<ResourceKey, ObjectNode> live(List<Task> tasks, Inventory inv, SyncOptions opts, ExecutorService pool) {
                Map<String, CompletableFuture<Listed>> mine = new HashMap<>();
                // the first app that needs a kind lists it, on its own pool, for every app of the run
                LiveState.kinds(tasks, inv).forEach((gk, gvk) -> mine.put(gk, listOnce(own, gk, gvk, pool)));
                // what this sync looks at: its desired and recorded objects (compared, pruned, checked for another owner) and
                // those it tracks (pruned); no other app's object is handed to it. The trees are the shared answer's, not
                // copies: a sync only reads live objects (the Normalizer copies before it trims), and copying them cost a
                // re-sync of Kubeflow's 27 apps a fifth of what it allocated
                java.util.Set<ResourceKey> wanted = new java.util.HashSet<>();
                tasks.forEach(t -> wanted.add(t.key()));
                inv.objects().forEach(e -> wanted.add(e.key()));
                Map<ResourceKey, ObjectNode> out = new HashMap<>();
                for (CompletableFuture<Listed> f : mine.values()) {
                    Listed listed = Futures.get(f, "interrupted while reading the cluster", "cannot read the cluster");
                    for (ResourceKey k : listed.ownedBy(opts.app(), opts.tracking())) {
                        ObjectNode o = listed.byKey().get(k);
                        if (opts.tracking().tracks(o, opts.app(), k)) {
                            out.put(k, o);
                        }
                    }
                    for (ResourceKey k : wanted) {
                        ObjectNode o = listed.byKey().get(k);
                        if (o != null) {
                            out.putIfAbsent(k, o);
                        }
                    }
                }
                return new ConcurrentHashMap<>(out);
            }

            @Override
            public boolean namespaceExists(String namespace) {
                // a namespace seen once is taken to stay for the run; one not seen is asked again (an earlier app may create it)
                if (namespaces.contains(namespace)) {
                    return true;
                }
                boolean exists = live.namespaceExists(namespace);
                if (exists) {
                    namespaces.add(namespace);
                }
                return exists;
            }

            @Override
            public Optional<ObjectNode> secret(String namespace, String name) {
                return live.secret(namespace, name);
            }
        };
    }
}
