package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * What a sync or diff reads of the cluster before it compares: the app's inventory and stored
 * manifests, the live objects of its kinds, whether a namespace exists, a Secret. {@link #live}
 * asks the server each time (a sync); a {@link DriftCheck} answers for many apps from one LIST per
 * kind read beforehand.
 */
interface ClusterReads {

    Inventory inventory(InventoryStore store, String app);

    List<ObjectNode> manifests(InventoryStore store, HistoryEntry entry);

    /**
     * The live objects of the kinds of {@code tasks} and of the inventory ({@link LiveState}). Read
     * them, never change them: a {@link LiveCache} or {@link DriftCheck} hands the same trees to
     * every sync of a run.
     */
    Map<ResourceKey, ObjectNode> live(List<Task> tasks, Inventory inv, SyncOptions opts, ExecutorService pool);

    boolean namespaceExists(String namespace);

    /**
     * These reads, with the LISTs of the kinds of {@code objects} and {@code inv} started now on
     * {@code pool}, for a re-sync (its inventory read, nothing to wait for: see SyncEngine) that will
     * read them once it has planned: its planning (copies, digests, 683 objects for Kubeflow) and
     * its LISTs overlap. A reads that shares its LISTs already (an app tree's) is itself.
     */
    default ClusterReads prefetching(List<io.jenkins.plugins.gitops.kube.KubeObject> objects, Inventory inv, ExecutorService pool) {
        return this;
    }

    Optional<ObjectNode> secret(String namespace, String name);

    /** Every read a request: a GET for the inventory, a namespace, a Secret; a LIST per kind for the live objects. */
    static ClusterReads live(Cluster cluster) {
        return live(cluster, null);
    }

    /** As {@link #live(Cluster)}, the live objects read from {@code early}'s LISTs when there are some (null: none). */
    private static ClusterReads live(Cluster cluster, LiveState.Early early) {
        return new ClusterReads() {
            @Override
            public Inventory inventory(InventoryStore store, String app) {
                return store.load(app);
            }

            @Override
            public List<ObjectNode> manifests(InventoryStore store, HistoryEntry entry) {
                return store.loadManifests(entry);
            }

            @Override
            public Map<ResourceKey, ObjectNode> live(List<Task> tasks, Inventory inv, SyncOptions opts, ExecutorService pool) {
                return early != null ? early.read(tasks, inv, pool) : LiveState.read(cluster, tasks, inv, opts, pool);
            }

            @Override
            public ClusterReads prefetching(List<io.jenkins.plugins.gitops.kube.KubeObject> objects, Inventory inv, ExecutorService pool) {
                return ClusterReads.live(cluster, new LiveState.Early(cluster, LiveState.kindsOf(objects, inv.objects()), pool));
            }

            @Override
            public boolean namespaceExists(String namespace) {
                ApiResource ns = cluster.resolver().resolve("v1", "Namespace");
                return cluster.get(ns, null, namespace).isPresent();
            }

            @Override
            public Optional<ObjectNode> secret(String namespace, String name) {
                return cluster.get(cluster.resolver().resolve("v1", "Secret"), namespace, name);
            }
        };
    }
}
