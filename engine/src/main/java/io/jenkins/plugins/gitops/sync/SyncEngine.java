package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
import java.time.Instant;
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
 * Makes a cluster match a rendered set: diff, plan, ordered server-side apply with hooks and
 * waits, prune, inventory and history; and rollback to a history entry. One engine per
 * cluster; each call is independent.
 *
 * <p>A sync: load the inventory; prepare tasks (scopes, namespaces, tracking); read the live
 * objects of the app with one LIST per kind (label {@code gitops.jenkins.io/app}); refuse
 * objects tracked by another app; compare (dry runs for whatever may have changed); if any dry
 * run fails, stop with nothing written. Then per phase and wave: hooks, then Namespaces and
 * CRDs (waiting for the CRDs to be Established), then the other objects, then webhook
 * configurations, in parallel within each stage; between waves, when there are several, wait
 * until the wave is healthy. Prune at the end of the Sync phase (after PostSync with
 * pruneLast). On failure, run SyncFail hooks. Last, record the inventory and a history entry
 * (only when something changed or the revision, digest or result differ from the last entry,
 * so a sync of an unchanged set writes nothing).
 */
public final class SyncEngine {

    private final Cluster cluster;

    public SyncEngine(Cluster cluster) {
        this.cluster = cluster;
    }

    public SyncResult sync(RenderedSet set, SyncOptions opts) {
        return run(set.kubeObjects(), set.revision(), set.digest(), opts, opts.dryRun());
    }

    /** The plan and per-object diffs, nothing written: a dry run with diffs. */
    public SyncResult diff(RenderedSet set, SyncOptions opts) {
        return run(set.kubeObjects(), set.revision(), set.digest(), opts.toBuilder().dryRun(true).build(), true);
    }

    /**
     * The live state against what the last sync applied (the manifests stored with its history
     * entry): drift, as Argo CD's OutOfSync for an unchanged revision, without rendering Git again.
     * Empty when the app has no history.
     */
    public Optional<SyncResult> diffLastApplied(SyncOptions opts) {
        InventoryStore store = store(opts);
        Inventory inv = store.load(opts.app());
        if (inv.history().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(diff(stored(store, inv.history().get(inv.history().size() - 1)), opts));
    }

    private static RenderedSet stored(InventoryStore store, HistoryEntry entry) {
        List<RenderedObject> objects = store.loadManifests(entry).stream().map(o -> new RenderedObject(KubeObject.of(o), Optional.empty())).toList();
        return RenderedSet.of(objects, entry.revision(), "history", "");
    }

    public List<HistoryEntry> history(SyncOptions opts) {
        return store(opts).load(opts.app()).history();
    }

    /**
     * Re-applies the manifests stored with history entry {@code id} (0 for the one before the
     * last), pruning what that entry did not have.
     */
    public SyncResult rollback(int id, SyncOptions opts) {
        InventoryStore store = store(opts);
        Inventory inv = store.load(opts.app());
        HistoryEntry target;
        if (id > 0) {
            target = inv.entry(id).orElseThrow(() -> new SyncException("app " + opts.app() + ": no history entry " + id));
        } else {
            if (inv.history().size() < 2) {
                throw new SyncException("app " + opts.app() + ": no previous history entry to roll back to");
            }
            target = inv.history().get(inv.history().size() - 2);
        }
        RenderedSet set = stored(store, target);
        SyncOptions o = opts.toBuilder().prune(true).initiator((opts.initiator().isEmpty() ? "" : opts.initiator() + " ") + "rollback to " + target.id()).build();
        return sync(set, o);
    }

    private InventoryStore store(SyncOptions opts) {
        return new InventoryStore(cluster, opts.inventoryNamespace(), opts.fieldManager());
    }

    private SyncResult run(List<KubeObject> objects, String revision, String digest, SyncOptions opts, boolean dryRun) {
        long t0 = System.nanoTime();
        long calls0 = cluster.calls().total();
        long writes0 = cluster.calls().writes();
        InventoryStore store = store(opts);
        ExecutorService pool = Executors.newFixedThreadPool(opts.parallelism(), r -> {
            Thread t = new Thread(r, "gitops-sync-" + opts.app());
            t.setDaemon(true);
            return t;
        });
        try {
            Inventory inv = store.load(opts.app());
            List<Task> all = new ArrayList<>(Desired.prepare(objects, opts, cluster));
            all.addAll(Desired.checkNamespaces(all, opts, cluster));
            List<Task> tasks = Ordering.sort(all.stream().filter(t -> Desired.selected(t.key(), opts.only())).toList());
            Map<ResourceKey, ObjectNode> live = LiveState.read(cluster, tasks, inv, opts, pool);
            List<Plan.PruneTask> prunes = opts.only().isEmpty() ? prunes(tasks, live, inv, opts) : List.of();
            EmptySet.check(objects.size(), all, tasks, prunes, opts);
            sharedCheck(tasks, live, opts);
            Set<String> namespaces = existingNamespaces(tasks, live);
            Differ differ = new Differ(cluster, opts, dryRun);
            Map<ResourceKey, InventoryEntry> recorded = inv.byKey();
            Map<ResourceKey, Change> changes = new LinkedHashMap<>();
            List<java.util.concurrent.Future<Change>> fs = new ArrayList<>();
            List<Task> ordinary = tasks.stream().filter(t -> !t.hook()).toList();
            for (Task t : ordinary) {
                fs.add(pool.submit(() -> differ.compare(t, live.get(t.key()), recorded, namespaces)));
            }
            for (int i = 0; i < ordinary.size(); i++) {
                changes.put(ordinary.get(i).key(), get(fs.get(i)));
            }
            Plan plan = new Plan(tasks, changes, prunes);
            Execution exec = new Execution(cluster, opts, pool, plan, live);
            List<ObjectResult> results = plan.refused() || dryRun ? exec.report(differ) : exec.run();
            boolean ok = results.stream().noneMatch(r -> r.action() == Action.FAILED);
            String message = ok ? "" : (plan.refused() ? "dry run failed, nothing was written: " : "sync failed: ") + firstFailure(results);
            if (ok && results.stream().anyMatch(r -> r.action() == Action.WAITING)) {
                ok = false;
                message = waitingForConfirmation(results, dryRun);
            }
            int historyId = 0;
            if (!dryRun && !plan.refused()) {
                historyId = record(store, inv, objects, tasks, plan, results, revision, digest, ok, message, opts);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new SyncResult(opts.app(), revision, digest, dryRun, ok, message, results, cluster.calls().writes() - writes0,
                    cluster.calls().total() - calls0, ms, historyId);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Argo CD's words for a sync held by {@code Prune=confirm}: "Waiting for pruning confirmation of
     * ... and N more resources". A pipeline cannot wait for a click, so everything else is done and
     * the sync ends not succeeded, naming how to confirm.
     */
    private static String waitingForConfirmation(List<ObjectResult> results, boolean dryRun) {
        List<ObjectResult> waiting = results.stream().filter(r -> r.action() == Action.WAITING).toList();
        return (dryRun ? "would be waiting" : "waiting") + " for pruning confirmation of " + waiting.get(0).key()
                + (waiting.size() > 1 ? " and " + (waiting.size() - 1) + " more" : "")
                + " (Prune=confirm or Delete=confirm): " + (dryRun ? "" : "everything else was synced; ")
                + "sync with confirmPrune (--confirm-prune) to prune " + (waiting.size() > 1 ? "them" : "it");
    }

    /** The first failed object, named first, with the server's words ({@code Deployment.apps/shop/web: ...}). */
    private static String firstFailure(List<ObjectResult> results) {
        List<ObjectResult> failed = results.stream().filter(r -> r.action() == Action.FAILED).toList();
        ObjectResult f = failed.get(0);
        return f.key() + ": " + f.reason() + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more failed)" : "");
    }

    private static <T> T get(java.util.concurrent.Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new SyncException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** FailOnSharedResource: an object tracked by another app is refused before anything is written. */
    private static void sharedCheck(List<Task> tasks, Map<ResourceKey, ObjectNode> live, SyncOptions opts) {
        if (!opts.failOnSharedResource()) {
            return;
        }
        List<String> errors = new ArrayList<>();
        for (Task t : tasks) {
            ObjectNode l = live.get(t.key());
            if (l == null) {
                continue;
            }
            Optional<String> owner = opts.tracking().owner(l);
            if (owner.isPresent() && !owner.get().equals(opts.app())) {
                errors.add(t.key() + ": shared resource: already tracked by app " + owner.get() + " (FailOnSharedResource)");
            }
        }
        if (!errors.isEmpty()) {
            throw new SyncException(String.join("\n", errors));
        }
    }

    /** Namespaces that exist before the sync: those outside the set (checked earlier) and those of the set seen live. */
    private static Set<String> existingNamespaces(List<Task> tasks, Map<ResourceKey, ObjectNode> live) {
        Set<String> inSet = new HashSet<>();
        tasks.stream().filter(t -> t.key().kind().equals("Namespace") && t.key().group().isEmpty()).forEach(t -> inSet.add(t.key().name()));
        Set<String> out = new HashSet<>();
        for (Task t : tasks) {
            String ns = t.key().namespace();
            if (!ns.isEmpty() && (!inSet.contains(ns) || live.containsKey(new ResourceKey("", "Namespace", "", ns)))) {
                out.add(ns);
            }
        }
        return out;
    }

    /** Inventory objects and live objects tracked by this app that are no longer desired. */
    private static List<Plan.PruneTask> prunes(List<Task> tasks, Map<ResourceKey, ObjectNode> live, Inventory inv, SyncOptions opts) {
        Set<ResourceKey> desired = new HashSet<>();
        tasks.forEach(t -> desired.add(t.key()));
        Map<ResourceKey, String> candidates = new LinkedHashMap<>();
        inv.objects().forEach(e -> candidates.put(e.key(), e.apiVersion()));
        live.forEach((k, o) -> {
            if (opts.tracking().tracks(o, opts.app(), k) && !KubeObject.of(o).annotation(Annotations.ARGO_HOOK).isPresent()) {
                candidates.putIfAbsent(k, o.path("apiVersion").asText());
            }
        });
        List<Plan.PruneTask> out = new ArrayList<>();
        candidates.forEach((k, apiVersion) -> {
            if (desired.contains(k)) {
                return;
            }
            ObjectNode l = live.get(k);
            if (l == null) {
                return; // already gone
            }
            KubeObject o = KubeObject.of(l);
            if (!opts.tracking().tracks(l, opts.app(), k)) {
                return; // a copy, or taken over by another app: not ours to delete
            }
            boolean keep = Annotations.syncOption(o, "Prune", "false") || Annotations.syncOption(o, "Delete", "false");
            // Argo CD asks for Prune=confirm before a prune and for Delete=confirm before deleting the app's objects; this
            // engine deletes an app's objects only by pruning them, so either option holds a prune until it is confirmed
            boolean confirm = !keep && (Annotations.syncOption(o, "Prune", "confirm") || Annotations.syncOption(o, "Delete", "confirm"));
            String option = Annotations.syncOption(o, "Prune", "confirm") ? "Prune=confirm" : "Delete=confirm";
            boolean waiting = confirm && !opts.confirmPrune();
            String reason = keep ? "Prune=false"
                    : !opts.prune() ? "extra: would be pruned with --prune" + (confirm ? " and --confirm-prune (" + option + ")" : "")
                    : waiting ? "waiting for confirmation (" + option + "): pruned only with confirmPrune (--confirm-prune)" : "";
            out.add(new Plan.PruneTask(k, apiVersion, safeWave(o), keep, waiting, reason));
        });
        return Pruner.order(out);
    }

    private static int safeWave(KubeObject o) {
        try {
            return Annotations.wave(o);
        } catch (SyncException e) {
            return 0;
        }
    }

    private static int record(InventoryStore store, Inventory inv, List<KubeObject> objects, List<Task> tasks, Plan plan,
                              List<ObjectResult> results, String revision, String digest, boolean ok, String message, SyncOptions opts) {
        Map<ResourceKey, Task> byKey = new HashMap<>();
        tasks.forEach(t -> byKey.put(t.key(), t));
        Map<ResourceKey, InventoryEntry> next = new LinkedHashMap<>();
        Map<ResourceKey, InventoryEntry> before = inv.byKey();
        boolean changed = false;
        for (ObjectResult r : results) {
            Task t = byKey.get(r.key());
            switch (r.action()) {
                case CREATED, CONFIGURED, UNCHANGED -> {
                    if (t != null && !t.hook() && t.object().labels().containsKey(Tracking.APP_LABEL)) {
                        next.put(r.key(), new InventoryEntry(r.key(), t.object().apiVersion(), t.digest()));
                    }
                    changed |= r.action() != Action.UNCHANGED;
                }
                case PRUNED -> changed = true;
                case SKIPPED, WAITING, FAILED -> {
                    if (before.containsKey(r.key())) {
                        next.put(r.key(), before.get(r.key()));
                    }
                    changed |= r.action() == Action.FAILED;
                }
                default -> { }
            }
        }
        if (!opts.only().isEmpty()) {
            before.forEach(next::putIfAbsent);
        }
        boolean sameObjects = next.equals(before);
        Optional<HistoryEntry> last = inv.last();
        String result = ok ? "Succeeded" : "Failed: " + message;
        boolean sameEntry = last.isPresent() && last.get().revision().equals(revision) && last.get().digest().equals(digest)
                && last.get().result().equals(result);
        if (!changed && sameObjects && sameEntry) {
            return 0;
        }
        List<ObjectNode> manifests = objects.stream().map(KubeObject::json).toList();
        String ref = store.storeManifests(opts.app(), digest, manifests, inv);
        List<HistoryEntry> history = new ArrayList<>(inv.history());
        int id = inv.nextId();
        history.add(new HistoryEntry(id, revision, digest, Instant.now().toString(), opts.initiator(), result, ref));
        while (history.size() > opts.historyLimit()) {
            history.remove(0);
        }
        Inventory saved = new Inventory(opts.app(), new ArrayList<>(next.values()), history);
        store.save(saved);
        if (history.size() < inv.history().size() + 1) {
            store.collectGarbage(saved);
        }
        return id;
    }

    static Optional<ApiResource> served(Cluster cluster, String apiVersion, String kind) {
        try {
            return cluster.resolver().find(apiVersion, kind);
        } catch (KubeApiException e) {
            return Optional.empty();
        }
    }
}
