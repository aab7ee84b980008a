package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Drift of many apps at once, each against the manifests its last sync applied (what
 * {@link SyncEngine#diffLastApplied} answers for one), reading the cluster once for all of them:
 * one LIST of the inventory namespace's ConfigMaps (every inventory and stored manifest), one LIST
 * of Namespaces, and one LIST per kind the apps have, across namespaces (the objects carrying an app
 * label, as a sync reads them). Then each app is compared from that snapshot, as Argo CD's cluster
 * cache serves every app's comparison from one watch per kind. Requests per poll grow with the kinds,
 * not with the objects or the apps: only an object that differs costs more (its server-side dry
 * run, as in a single diff, which gives exactly what a sync would change).
 */
public final class DriftCheck {

    /**
     * @param result the diff, empty when the app has no history yet or could not be compared ({@code error})
     * @param error  why the app could not be compared ("" when compared or without history)
     */
    public record AppDrift(String app, Optional<SyncResult> result, String error) {

        public boolean drifted() {
            return result.map(r -> !r.inSync()).orElse(false);
        }
    }

    private final Cluster cluster;

    public DriftCheck(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * @param apps   the apps, in the order of the answer
     * @param shared the options of every app's diff (namespace, inventory namespace, tracking...); its app is replaced by each app
     */
    public List<AppDrift> check(List<String> apps, SyncOptions shared) {
        Snapshot snap = new Snapshot(cluster, shared.inventoryNamespace());
        InventoryStore store = new InventoryStore(cluster, shared.inventoryNamespace(), shared.fieldManager());
        // the kinds of every app (desired, stored and inventoried), so that each is listed once for all
        Map<String, String[]> kinds = new LinkedHashMap<>();
        Map<String, String> problems = new HashMap<>();
        for (String app : apps) {
            try {
                Inventory inv = snap.inventory(store, app);
                if (inv.history().isEmpty()) {
                    continue;
                }
                List<ObjectNode> manifests = snap.manifests(store, inv.history().get(inv.history().size() - 1));
                manifests.forEach(o -> {
                    KubeObject k = KubeObject.of(o);
                    kinds.putIfAbsent(k.group() + "/" + k.kind(), new String[] {k.apiVersion(), k.kind()});
                });
                inv.objects().forEach(e -> kinds.putIfAbsent(e.key().group() + "/" + e.key().kind(), new String[] {e.apiVersion(), e.key().kind()}));
            } catch (GitopsException e) {
                problems.put(app, e.getMessage());
            }
        }
        snap.list(kinds);
        SyncEngine engine = new SyncEngine(cluster);
        List<AppDrift> out = new ArrayList<>();
        for (String app : apps) {
            if (problems.containsKey(app)) {
                out.add(new AppDrift(app, Optional.empty(), problems.get(app)));
                continue;
            }
            try {
                out.add(new AppDrift(app, engine.withOwnCallCount().diffLastApplied(shared.withApp(app), snap), ""));
            } catch (GitopsException e) {
                out.add(new AppDrift(app, Optional.empty(), e.getMessage()));
            }
        }
        return out;
    }

    /** The cluster as read once for a check; a kind nobody listed beforehand is listed when first asked for, once. */
    private static final class Snapshot implements ClusterReads {

        private final Cluster cluster;
        private final Map<String, ObjectNode> configMaps = new HashMap<>();
        private final Map<String, Map<ResourceKey, ObjectNode>> byKind = new HashMap<>();
        private Set<String> namespaces;

        Snapshot(Cluster cluster, String inventoryNamespace) {
            this.cluster = cluster;
            ApiResource cms = cluster.resolver().resolve("v1", "ConfigMap");
            try {
                for (ObjectNode cm : cluster.list(cms, inventoryNamespace, InventoryStore.MANAGED_BY)) {
                    configMaps.put(cm.path("metadata").path("name").asText(), cm);
                }
            } catch (KubeApiException e) {
                if (!e.notFound()) {
                    throw e;
                }
            }
        }

        /** One LIST per kind not listed yet, side by side; Namespaces (all of them, for {@link #namespaceExists}) apart. */
        synchronized void list(Map<String, String[]> kinds) {
            List<String[]> todo = new ArrayList<>();
            kinds.forEach((gk, gvk) -> {
                if (!byKind.containsKey(gk) && !gk.equals("/Namespace")) {
                    todo.add(gvk);
                }
            });
            if (todo.isEmpty()) {
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, todo.size()), r -> {
                Thread t = new Thread(r, "gitops-drift-list");
                t.setDaemon(true);
                return t;
            });
            try {
                Map<ResourceKey, ObjectNode> live = LiveState.read(cluster, todo, pool);
                for (String[] gvk : todo) {
                    byKind.put(groupOf(gvk[0]) + "/" + gvk[1], new HashMap<>());
                }
                live.forEach((k, o) -> byKind.computeIfAbsent(k.group() + "/" + k.kind(), x -> new HashMap<>()).put(k, o));
            } finally {
                pool.shutdownNow();
            }
        }

        private static String groupOf(String apiVersion) {
            return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        }

        @Override
        public Inventory inventory(InventoryStore store, String app) {
            ObjectNode cm = configMaps.get(InventoryStore.name(app));
            return cm == null ? Inventory.empty(app) : store.parse(app, cm);
        }

        @Override
        public List<ObjectNode> manifests(InventoryStore store, HistoryEntry entry) {
            return store.loadManifests(entry, name -> Optional.ofNullable(configMaps.get(name)));
        }

        @Override
        public Map<ResourceKey, ObjectNode> live(List<Task> tasks, Inventory inv, SyncOptions opts, ExecutorService pool) {
            Map<String, String[]> kinds = LiveState.kinds(tasks, inv);
            list(kinds);
            Map<ResourceKey, ObjectNode> out = new HashMap<>();
            for (String gk : kinds.keySet()) {
                if (gk.equals("/Namespace")) {
                    namespaceObjects().forEach(o -> out.put(KubeObject.keyOf(o), o));
                } else {
                    synchronized (this) {
                        out.putAll(byKind.getOrDefault(gk, Map.of()));
                    }
                }
            }
            return out;
        }

        /** The Namespaces an app label marks, as a sync's LIST of Namespaces would return them. */
        private List<ObjectNode> namespaceObjects() {
            namespaces();
            synchronized (this) {
                return byKind.get("/Namespace").values().stream().filter(o -> o.path("metadata").path("labels").has(Tracking.APP_LABEL)).toList();
            }
        }

        private synchronized Set<String> namespaces() {
            if (namespaces == null) {
                ApiResource ns = cluster.resolver().resolve("v1", "Namespace");
                Map<ResourceKey, ObjectNode> all = new HashMap<>();
                Set<String> names = new HashSet<>();
                for (ObjectNode o : cluster.list(ns, null, null)) {
                    o.put("apiVersion", "v1").put("kind", "Namespace");
                    all.put(KubeObject.keyOf(o), o);
                    names.add(o.path("metadata").path("name").asText());
                }
                byKind.put("/Namespace", all);
                namespaces = names;
            }
            return namespaces;
        }

        @Override
        public boolean namespaceExists(String namespace) {
            return namespaces().contains(namespace);
        }

        @Override
        public Optional<ObjectNode> secret(String namespace, String name) {
            list(Map.of("/Secret", new String[] {"v1", "Secret"}));
            synchronized (this) {
                return Optional.ofNullable(byKind.get("/Secret").get(new ResourceKey("", "Secret", namespace, name)));
            }
        }
    }
}
