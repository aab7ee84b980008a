package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
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
import java.util.function.Function;

/**
 * Makes a cluster match a rendered set: diff, plan, ordered server-side apply with hooks and
 * waits, prune, inventory and history; and rollback to a history entry. One engine per
 * cluster; each call is independent.
 *
 * <p>A sync: prepare tasks (scopes, namespaces, tracking); take the app's Lease ({@link AppLease},
 * waiting for another sync of the app to finish); load the inventory; read the live
 * objects of the app with one LIST per kind (label {@code gitops.jenkins.io/app}); refuse
 * objects tracked by another app; compare (dry runs for whatever may have changed); if any dry
 * run fails, stop with nothing written. Then per phase and wave: Namespaces and CRDs (waiting
 * for the CRDs to be Established), then hooks, then the other objects, then webhook
 * configurations, each stage one kind group after another in Argo CD's kind order (the objects
 * of a kind in parallel); before the next step, wait until the step is healthy (not after the
 * last: a sync succeeds once its last wave is applied, as Argo CD's). Prunes run in reverse wave
 * and kind order before the wave they mirror (after the last wave with pruneLast). On failure,
 * run SyncFail hooks. Before the first write, the inventory announces the objects about to be
 * written and a Running history entry ({@link Recording}); last, it records the objects and the
 * entry's result (only when something changed or the revision, digest or result differ from the
 * last entry). A re-sync of the revision the last entry recorded is planned before the Lease is
 * taken and takes it only once it finds something to write, so a sync of an unchanged set
 * writes nothing at all.
 */
public final class SyncEngine {

    private final Cluster cluster;
    private final LiveCache shared;
    /** Inventory namespaces this engine has seen exist (or created): an engine serves one run, a CLI command or a step. */
    private final java.util.Set<String> inventoryNamespaces;

    public SyncEngine(Cluster cluster) {
        this(cluster, null, java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    private SyncEngine(Cluster cluster, LiveCache shared, java.util.Set<String> inventoryNamespaces) {
        this.cluster = cluster;
        this.shared = shared;
        this.inventoryNamespaces = inventoryNamespaces;
    }

    /**
     * An engine whose syncs and diffs read the live objects of each kind through {@code cache}, once
     * for all the syncs of a run that share it (the apps of a tree; see {@link LiveCache} for why
     * that is sound). Everything else they read and write goes to the server as usual.
     */
    public SyncEngine withLiveCache(LiveCache cache) {
        return new SyncEngine(cluster, cache, inventoryNamespaces);
    }

    /** A cache of live objects over this engine's cluster, for {@link #withLiveCache}. */
    public LiveCache newLiveCache() {
        return new LiveCache(cluster);
    }

    /** How this engine's syncs read the cluster: each its own LISTs, or through the shared cache. */
    private ClusterReads reads() {
        return shared == null ? ClusterReads.live(cluster) : shared.reads(cluster);
    }

    /**
     * An engine over the same cluster whose results count only their own requests, for syncs that
     * run beside others on this cluster (a result's writes and API calls are deltas of its counter).
     */
    public SyncEngine withOwnCallCount() {
        return new SyncEngine(cluster.withOwnCallCount(), shared, inventoryNamespaces);
    }

    public SyncResult sync(RenderedSet set, SyncOptions opts) {
        return run(set.kubeObjects(), set.revision(), set.digest(), opts, opts.dryRun(), null, true, reads());
    }

    /**
     * The sync of a set that is already in sync, done ahead of its turn: a re-sync of the revision the
     * last entry recorded ({@code Recording.resyncOf}) whose plan writes nothing, finished as
     * {@link #sync} would finish it (writing nothing, or only the record of a result that failed).
     * Empty, with nothing written, when the set has something to write, is not such a re-sync, or its
     * dry run fails: the caller then syncs it in its turn. An app tree runs this for the apps of its
     * later waves while the earlier ones write: an app that writes nothing need not wait for them.
     */
    public Optional<SyncResult> syncIfInSync(RenderedSet set, SyncOptions opts) {
        if (opts.dryRun()) {
            return Optional.empty();
        }
        return Optional.ofNullable(run(set.kubeObjects(), set.revision(), set.digest(), opts, false, null, true, reads(), true));
    }

    /** The plan and per-object diffs, nothing written: a dry run with diffs. */
    public SyncResult diff(RenderedSet set, SyncOptions opts) {
        return diff(set, opts, true);
    }

    private SyncResult diff(RenderedSet set, SyncOptions opts, boolean fromSource) {
        return diff(set, opts, fromSource, reads());
    }

    private SyncResult diff(RenderedSet set, SyncOptions opts, boolean fromSource, ClusterReads reads) {
        return run(set.kubeObjects(), set.revision(), set.digest(), opts.toBuilder().dryRun(true).build(), true, null, fromSource, reads);
    }

    /**
     * The live state against what the last sync applied (the manifests stored with its history
     * entry): drift, as Argo CD's OutOfSync for an unchanged revision, without rendering Git again.
     * Secrets are compared by digest (the history keeps no values): configured when the live data
     * differs, unchanged when not, created when missing. Empty when the app has no history.
     */
    public Optional<SyncResult> diffLastApplied(SyncOptions opts) {
        return diffLastApplied(opts, ClusterReads.live(cluster));
    }

    /** {@link #diffLastApplied(SyncOptions)} reading through {@code reads} (a {@link DriftCheck}'s snapshot of the cluster). */
    Optional<SyncResult> diffLastApplied(SyncOptions opts, ClusterReads reads) {
        InventoryStore store = store(opts);
        Inventory inv = reads.inventory(store, opts.app());
        if (inv.history().isEmpty()) {
            return Optional.empty();
        }
        HistoryEntry last = inv.history().get(inv.history().size() - 1);
        List<ObjectNode> manifests = reads.manifests(store, last);
        List<ObjectNode> stubs = manifests.stream().filter(SecretDigests::isStub).toList();
        SyncResult r = diff(set(manifests.stream().filter(o -> !SecretDigests.isStub(o)).toList(), last), opts, false, reads);
        if (stubs.isEmpty()) {
            return Optional.of(r);
        }
        Set<ResourceKey> stubKeys = new HashSet<>();
        List<ObjectResult> secrets = new ArrayList<>();
        for (ObjectNode stub : stubs) {
            ResourceKey key = withNamespace(KubeObject.of(stub).key(), opts);
            stubKeys.add(key);
            Optional<ObjectNode> live = reads.secret(key.namespace(), key.name());
            Action a = live.isEmpty() ? Action.CREATED : SecretDigests.digest(live.get()).equals(SecretDigests.stubDigest(stub)) ? Action.UNCHANGED
                    : Action.CONFIGURED;
            String reason = switch (a) {
                case CREATED -> "missing (compared by digest: the history keeps no Secret values)";
                case CONFIGURED -> "data or type differ from what the last sync applied (compared by digest: the history keeps no Secret values)";
                default -> "";
            };
            secrets.add(new ObjectResult(key, Phase.SYNC, 0, false, a, reason, ""));
        }
        List<ObjectResult> objects = new ArrayList<>(r.objects().stream().filter(o -> !stubKeys.contains(o.key())).toList());
        objects.addAll(secrets);
        return Optional.of(new SyncResult(r.app(), r.revision(), r.digest(), true, r.succeeded(), r.message(), objects, r.writes(),
                r.apiCalls() + stubs.size(), r.durationMs(), r.historyId()));
    }

    private static ResourceKey withNamespace(ResourceKey k, SyncOptions opts) {
        return k.namespace().isEmpty() ? new ResourceKey(k.group(), k.kind(), opts.namespace(), k.name()) : k;
    }

    private static RenderedSet set(List<ObjectNode> manifests, HistoryEntry entry) {
        List<RenderedObject> objects = manifests.stream().map(o -> new RenderedObject(KubeObject.of(o), Optional.empty())).toList();
        return RenderedSet.of(objects, entry.revision(), "history", "");
    }

    public List<HistoryEntry> history(SyncOptions opts) {
        return store(opts).load(opts.app()).history();
    }

    /**
     * Rollback without a way to render Git again: works for entries without Secrets; for one with
     * Secrets it fails before writing anything, naming them (see {@link #rollback(int, SyncOptions, Function)}).
     */
    public SyncResult rollback(int id, SyncOptions opts) {
        return rollback(id, opts, null);
    }

    /**
     * Re-applies the manifests stored with history entry {@code id} (0 for the one before the
     * last), pruning what that entry did not have. The history keeps Secrets as digests only, so
     * when the entry has Secrets, {@code rerender} renders the entry's source again (its
     * {@link HistoryEntry#source()}: repository, revision, path); each Secret is taken from that
     * render if its digest is the one recorded, and the result's message names the Secrets restored
     * and where from. Without {@code rerender} (null), or when a Secret is missing from the render or
     * differs from what the entry applied, the rollback fails before writing anything.
     */
    public SyncResult rollback(int id, SyncOptions opts, Function<HistoryEntry, RenderedSet> rerender) {
        if (opts.policy() != null) {
            // before the app's Lease is taken: a rollback the policy refuses writes nothing, not even the Lease
            InventoryStore store = store(opts);
            HistoryEntry target = target(store.load(opts.app()), id, opts);
            SyncOptions o = opts.toBuilder().prune(true).sourceRepos(recordedRepo(target)).build();
            List<Task> tasks = Desired.prepare(store.loadManifests(target).stream().map(KubeObject::of).toList(), o, cluster).tasks();
            policyCheck(tasks, prunesBeforeLease(tasks, store, o), o, target.source().renderable());
        }
        try (AppLease lease = lease(opts)) {
            InventoryStore store = store(opts);
            Inventory inv = store.load(opts.app());
            HistoryEntry target = target(inv, id, opts);
            List<ObjectNode> manifests = store.loadManifests(target);
            List<ObjectNode> stubs = manifests.stream().filter(SecretDigests::isStub).toList();
            String restored = "";
            if (!stubs.isEmpty()) {
                Map<ResourceKey, ObjectNode> secrets = secrets(target, stubs, rerender, opts);
                manifests = manifests.stream().map(o -> SecretDigests.isStub(o) ? secrets.get(KubeObject.of(o).key()) : o).toList();
                restored = "restored " + stubs.size() + " Secret(s) of history entry " + target.id() + " by rendering "
                        + (target.source().renderable() ? target.source().describe() : "the manifests given for the rollback") + " again: "
                        + String.join(", ", secrets.keySet().stream().map(k -> withNamespace(k, opts).toString()).toList());
            }
            SyncOptions o = opts.toBuilder().prune(true).dryRun(false).source(target.source()).sourceRepos(recordedRepo(target))
                    .initiator((opts.initiator().isEmpty() ? "" : opts.initiator() + " ") + "rollback to " + target.id()).build();
            // a policy checks the repository the entry recorded; an entry of a manifests file has none: its objects only
            SyncResult r = run(set(manifests, target).kubeObjects(), target.revision(), target.digest(), o, false, lease,
                    target.source().renderable(), ClusterReads.live(cluster));
            if (restored.isEmpty()) {
                return r;
            }
            return new SyncResult(r.app(), r.revision(), r.digest(), r.dryRun(), r.succeeded(),
                    r.message().isEmpty() ? restored : r.message() + "; " + restored, r.objects(), r.writes(), r.apiCalls(), r.durationMs(), r.historyId());
        }
    }

    /** The repository a history entry was rendered from, for a policy's sourceRepos; none for a manifests file. */
    private static List<String> recordedRepo(HistoryEntry target) {
        return target.source().renderable() ? List.of(target.source().repo()) : List.of();
    }

    private static HistoryEntry target(Inventory inv, int id, SyncOptions opts) {
        if (id > 0) {
            return inv.entry(id).orElseThrow(() -> new SyncException("app " + opts.app() + ": no history entry " + id));
        }
        List<HistoryEntry> done = inv.history().stream().filter(h -> !h.running()).toList();
        if (done.size() < 2) {
            throw new SyncException("app " + opts.app() + ": no previous history entry to roll back to");
        }
        return done.get(done.size() - 2);
    }

    /** The entry's Secrets from a new render of its source, each checked against the digest the entry recorded. */
    private static Map<ResourceKey, ObjectNode> secrets(HistoryEntry target, List<ObjectNode> stubs, Function<HistoryEntry, RenderedSet> rerender,
                                                        SyncOptions opts) {
        List<String> names = stubs.stream().map(s -> withNamespace(KubeObject.of(s).key(), opts).toString()).toList();
        if (rerender == null) {
            throw new SyncException("app " + opts.app() + ": history entry " + target.id() + " keeps its Secrets as digests only ("
                    + String.join(", ", names) + "): the rollback must render " + (target.source().renderable() ? target.source().describe()
                    : "its manifests") + " again to restore them, and was given no way to render; nothing was written (sync that revision"
                    + " instead, or roll back with `gitops rollback`, which renders the recorded repository or takes --manifests)");
        }
        RenderedSet again = rerender.apply(target);
        Map<ResourceKey, ObjectNode> rendered = new HashMap<>();
        for (KubeObject o : again.kubeObjects()) {
            if (SecretDigests.isSecret(o.json())) {
                rendered.put(o.key(), o.json());
            }
        }
        Map<ResourceKey, ObjectNode> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ObjectNode stub : stubs) {
            ResourceKey key = KubeObject.of(stub).key();
            ResourceKey shown = withNamespace(key, opts);
            ObjectNode s = rendered.get(key);
            if (s == null) {
                problems.add(shown + ": not in the new render");
            } else if (!SecretDigests.digest(s).equals(SecretDigests.stubDigest(stub))) {
                problems.add(shown + ": the new render differs from what history entry " + target.id() + " applied (by digest)");
            } else {
                out.put(key, s);
            }
        }
        if (!problems.isEmpty()) {
            throw new SyncException("app " + opts.app() + ": cannot restore the Secrets of history entry " + target.id() + " from "
                    + (target.source().renderable() ? target.source().describe() : "the manifests given") + ": " + String.join("; ", problems)
                    + "; nothing was written");
        }
        return out;
    }

    private InventoryStore store(SyncOptions opts) {
        return new InventoryStore(cluster, opts.inventoryNamespace(), opts.fieldManager(), inventoryNamespaces);
    }

    private AppLease lease(SyncOptions opts) {
        return lease(opts, false);
    }

    /** @param firstSync the app's inventory was just read and does not exist: its Lease is created without being read first */
    private AppLease lease(SyncOptions opts, boolean firstSync) {
        return AppLease.acquire(cluster, store(opts), opts.inventoryNamespace(), opts.app(), opts.holder().isEmpty() ? opts.initiator() : opts.holder(),
                opts.leaseDuration(), opts.lockTimeout(), opts.fieldManager(), firstSync);
    }

    /**
     * @param held the app's lease when the caller took it (a rollback, before reading the entry); a
     *             sync that writes takes it here, once the set passed the checks that need no cluster state
     * @param fromSource the objects come from the sources in the options (not from history): the policy checks those too
     */
    private SyncResult run(List<KubeObject> objects, String revision, String digest, SyncOptions opts, boolean dryRun, AppLease held,
                           boolean fromSource, ClusterReads reads) {
        return run(objects, revision, digest, opts, dryRun, held, fromSource, reads, false);
    }

    /** @param onlyIfInSync give up (null, nothing written) unless it is a re-sync that finds nothing to write ({@link #syncIfInSync}) */
    private SyncResult run(List<KubeObject> objects, String revision, String digest, SyncOptions opts, boolean dryRun, AppLease held,
                           boolean fromSource, ClusterReads given, boolean onlyIfInSync) {
        long t0 = System.nanoTime();
        InventoryStore store = store(opts);
        Inventory before = null;
        if (onlyIfInSync) {
            before = held != null || dryRun ? null : given.inventory(store, opts.app());
            if (before == null || !Recording.resyncOf(before, opts, revision, digest)) {
                return null; // before any other work: a first sync of a tree's later wave asks this too, and waits for its turn
            }
        } else if (held == null && !dryRun) {
            before = given.inventory(store, opts.app()); // read first: a re-sync then lists while it plans
        }
        ExecutorService pool = Executors.newFixedThreadPool(opts.parallelism(), r -> {
            Thread t = new Thread(r, "gitops-sync-" + opts.app());
            t.setDaemon(true);
            return t;
        });
        try {
            // the set's group versions are discovered at once, while it plans, not lookup after lookup
            cluster.resolver().preload(objects.stream().map(KubeObject::apiVersion).toList(), pool);
            // a re-sync of what the last entry recorded, with no sync announced (see below): its LISTs start now, so that
            // they are read while it plans; under a Lease (drift found) it plans again from reads made then (given)
            ClusterReads reads = before != null && Recording.resyncOf(before, opts, revision, digest) ? given.prefetching(objects, before, pool) : given;
            return run(objects, revision, digest, opts, dryRun, held, fromSource, given, reads, onlyIfInSync, store, before, pool, t0);
        } finally {
            pool.shutdownNow();
        }
    }

    private SyncResult run(List<KubeObject> objects, String revision, String digest, SyncOptions opts, boolean dryRun, AppLease held,
                           boolean fromSource, ClusterReads given, ClusterReads reads, boolean onlyIfInSync, InventoryStore store,
                           Inventory before, ExecutorService pool, long t0) {
        Desired.Prepared prepared = Desired.prepare(objects, opts, cluster, pool);
        List<Task> all = new ArrayList<>(prepared.tasks());
        policyCheck(all, List.of(), opts, fromSource); // a refused object is refused before its namespace is looked for
        all.addAll(Desired.checkNamespaces(all, opts, reads));
        List<Task> tasks = Ordering.sort(all.stream().filter(t -> Desired.selected(t.key(), opts.only())).toList());
        policyCheck(tasks, prunesBeforeLease(tasks, store, opts), opts, fromSource); // before the Lease: a refusal writes nothing
        // a set EmptySet refuses takes no Lease: the refusal below reads the app's state and writes nothing; nor, until it
        // finds something to write, does a re-sync of what the last entry recorded (Recording.resyncOf): an unchanged app's
        // re-sync writes nothing at all. Another sync of the app that runs meanwhile has announced itself in the inventory
        // (a Running entry, pending objects) before its first write, so a re-sync that finds no such thing plans from a state
        // no sync is changing; one that finds it takes the Lease, waiting for that sync, as any other.
        AppLease lease = held;
        Inventory loaded = null;
        if (held == null && !dryRun && !EmptySet.refused(all, opts)) {
            before = before != null ? before : reads.inventory(store, opts.app());
            if (Recording.resyncOf(before, opts, revision, digest)) {
                loaded = before;
            } else if (onlyIfInSync) {
                return null;
            } else {
                lease = lease(opts, before.version().isEmpty());
            }
        } else if (onlyIfInSync) {
            return null;
        }
        boolean unleased = lease == null && !dryRun;
        // counted from here: the result's writes are the sync's own, not the Lease's
        long calls0 = cluster.calls().total();
        long writes0 = cluster.calls().writes();
        try {
            Recording recording = new Recording(store, loaded != null ? loaded : reads.inventory(store, opts.app()), opts, revision, digest, objects);
            Inventory inv = recording.seen();
            SyncOptions runOpts = dryRun ? opts : opts.toBuilder().listener(recording.listener(opts.listener())).build();
            Map<ResourceKey, ObjectNode> live = reads.live(tasks, inv, opts, pool);
            List<Plan.PruneTask> prunes = opts.only().isEmpty() ? prunes(tasks, live, inv, opts) : List.of();
            EmptySet.check(objects.size(), all, tasks, prunes, opts);
            policyCheck(tasks, prunes, opts, fromSource); // again with every live object the app tracks
            sharedCheck(tasks, live, opts);
            Set<String> namespaces = existingNamespaces(tasks, live);
            Differ differ = new Differ(cluster, opts, dryRun);
            Map<ResourceKey, InventoryEntry> recorded = inv.byKey();
            Map<ResourceKey, Change> changes = new LinkedHashMap<>();
            List<java.util.concurrent.Future<Change>> fs = new ArrayList<>();
            List<Task> ordinary = tasks.stream().filter(t -> !t.hook()).toList();
            for (Task t : ordinary) {
                // what the inventory clears is settled here; only what needs the server's dry run goes to the pool (a
                // re-sync of 27 apps started a pool of threads per app to compare objects in microseconds)
                fs.add(differ.unchangedAsRecorded(t, live.get(t.key()), recorded) ? java.util.concurrent.CompletableFuture.completedFuture(Differ.UNCHANGED)
                        : pool.submit(() -> differ.compare(t, live.get(t.key()), namespaces)));
            }
            for (int i = 0; i < ordinary.size(); i++) {
                changes.put(ordinary.get(i).key(), Futures.get(fs.get(i), "interrupted", ""));
            }
            Plan plan = new Plan(tasks, changes, prunes);
            boolean writes = !plan.refused() && Recording.writes(plan, opts);
            if (onlyIfInSync && (plan.refused() || writes)) {
                return null;
            }
            if (unleased && writes) {
                // the re-sync has something to write after all (drift): plan again under the Lease, from what is live then
                long calls = cluster.calls().total() - calls0;
                try (AppLease taken = lease(opts)) {
                    SyncResult r = run(objects, revision, digest, opts, false, taken, fromSource, given);
                    return new SyncResult(r.app(), r.revision(), r.digest(), r.dryRun(), r.succeeded(), r.message(), r.objects(), r.writes(),
                            r.apiCalls() + calls, (System.nanoTime() - t0) / 1_000_000, r.historyId());
                }
            }
            Execution exec = new Execution(cluster, runOpts, pool, plan, live);
            List<ObjectResult> results;
            if (plan.refused() || dryRun) {
                results = new ArrayList<>(exec.report(differ));
            } else {
                if (Recording.writes(plan, opts)) {
                    lease.check();
                    recording.announce(tasks); // ahead of the first write: nothing it writes goes untracked
                }
                try {
                    results = new ArrayList<>(exec.run());
                } catch (RuntimeException e) {
                    recording.failed(e);
                    throw e;
                }
            }
            prepared.neverRun().stream().filter(r -> Desired.selected(r.key(), opts.only())).forEach(results::add);
            boolean ok = results.stream().noneMatch(r -> r.action() == Action.FAILED);
            String message = ok ? "" : (plan.refused() ? "dry run failed, nothing was written: " : "sync failed: ") + firstFailure(results);
            if (ok && results.stream().anyMatch(r -> r.action() == Action.WAITING)) {
                ok = false;
                message = waitingForConfirmation(results, dryRun);
            }
            int historyId = 0;
            if (!dryRun && !plan.refused()) {
                if (lease == null && recording.records(tasks, results, ok, message)) {
                    // it wrote nothing, but has a result to record (an object no longer healthy): under the Lease, at the
                    // inventory's resourceVersion read (a sync that ran meanwhile makes the record fail, never lost)
                    lease = lease(opts);
                }
                if (lease != null) {
                    lease.check();
                    historyId = recording.finish(tasks, results, ok, message);
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new SyncResult(opts.app(), revision, digest, dryRun, ok, message, results, cluster.calls().writes() - writes0,
                    cluster.calls().total() - calls0, ms, historyId);
        } finally {
            if (lease != null && held == null) {
                lease.close();
            }
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

    /**
     * The policy, before the first write and the first dry run: every object to apply (hooks and a
     * namespace to create included), every object a prune would delete, the sources and the inventory.
     * Objects kept by Prune=false, or listed only because --prune is off, are not deleted and not checked.
     */
    private static void policyCheck(List<Task> tasks, List<Plan.PruneTask> prunes, SyncOptions opts, boolean fromSource) {
        if (opts.policy() == null) {
            return;
        }
        List<ResourceKey> deletes = prunes.stream().filter(p -> opts.prune() && !p.keep()).map(Plan.PruneTask::key).toList();
        opts.policy().check(opts.sourceRepos(), fromSource, tasks.stream().map(Task::key).toList(), deletes, opts.inventoryNamespace());
    }

    /**
     * What a prune would delete, as far as the inventory tells before the app's Lease is taken: its
     * objects the set no longer has that still exist (one GET each, only with a policy and --prune), so
     * that a prune the policy refuses is refused before the Lease is written. The check after the Lease
     * covers the live objects the app tracks beyond its inventory.
     */
    private List<Plan.PruneTask> prunesBeforeLease(List<Task> tasks, InventoryStore store, SyncOptions opts) {
        if (opts.policy() == null || !opts.prune() || !opts.only().isEmpty()) {
            return List.of();
        }
        Inventory inv = store.load(opts.app());
        Set<ResourceKey> desired = new HashSet<>();
        tasks.forEach(t -> desired.add(t.key()));
        Map<ResourceKey, ObjectNode> live = new HashMap<>();
        for (InventoryEntry e : inv.objects()) {
            ResourceKey k = e.key();
            if (!desired.contains(k)) {
                served(cluster, e.apiVersion(), k.kind()).flatMap(r -> cluster.get(r, k.namespace().isEmpty() ? null : k.namespace(), k.name()))
                        .ifPresent(o -> live.put(k, o));
            }
        }
        return prunes(tasks, live, inv, opts);
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
            if (opts.tracking().tracks(o, opts.app(), k)) {
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
            if (Annotations.isHook(o) || Annotations.skipped(o)) {
                return; // hooks and Skip objects are never pruned, as in Argo CD (a hook an older version applied as an object included)
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

    static Optional<ApiResource> served(Cluster cluster, String apiVersion, String kind) {
        try {
            return cluster.resolver().find(apiVersion, kind);
        } catch (KubeApiException e) {
            return Optional.empty();
        }
    }
}
