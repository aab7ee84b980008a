package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The inventory and history side of one sync that writes: ahead of the first write it announces
 * what it is about to write ({@code pending} entries and a {@code Running} history entry, one
 * ConfigMap update), and at the end it records the result (the objects it applied, the entry's
 * outcome and, when it did not succeed, what it wrote). A process killed in between leaves the
 * announcement: every object it may have written stays tracked, so the next sync with prune
 * removes what that sync does not want, and the next sync of the app marks the entry as not
 * finished.
 *
 * <p>Why announce rather than search the cluster by label, as Argo CD's cluster cache does: a
 * label search must LIST every served resource type (hundreds with Kubeflow's CRDs) on every
 * sync, while the announcement costs one write per sync that writes anything and tracks exactly
 * the objects this app applies, including those whose label someone removed.
 */
final class Recording {

    private static final int WROTE_NAMES = 40;

    private final InventoryStore store;
    private final SyncOptions opts;
    private final String revision;
    private final String digest;
    private final List<KubeObject> objects;
    private Inventory inv;
    private HistoryEntry running;
    /** What the sync wrote so far, as the listener heard it (a sync that throws has no result list). */
    private final List<ObjectResult> written = new CopyOnWriteArrayList<>();
    /** The loaded history ended with a Running entry of a sync that died: it must be written even by a sync that changes nothing. */
    private final boolean settledUnfinished;
    /** What was tracked before this sync announced anything: a skipped object stays tracked only if it was. */
    private final Map<ResourceKey, InventoryEntry> trackedBefore;

    Recording(InventoryStore store, Inventory loaded, SyncOptions opts, String revision, String digest, List<KubeObject> objects) {
        this.store = store;
        this.opts = opts;
        this.revision = revision;
        this.digest = digest;
        this.objects = objects;
        this.inv = settleUnfinished(loaded);
        this.settledUnfinished = inv != loaded;
        this.trackedBefore = inv.tracked();
    }

    /**
     * A {@code Running} entry found by a sync that holds the app's lease is one whose process
     * ended without recording: say so (it is written with this sync's first record).
     */
    static Inventory settleUnfinished(Inventory inv) {
        Optional<HistoryEntry> last = inv.last();
        if (last.isEmpty() || !last.get().running()) {
            return inv;
        }
        List<HistoryEntry> h = new ArrayList<>(inv.history());
        h.set(h.size() - 1, last.get().finished("Failed: did not finish: the process running it stopped (killed, or lost the cluster) before"
                + " it recorded a result; the " + inv.pending().size() + " object(s) it announced stay tracked until a sync with prune removes"
                + " those no longer wanted", "unknown: it stopped before recording", last.get().time()));
        return inv.with(inv.objects(), inv.pending(), h);
    }

    /** The inventory as a sync should see it: every tracked object, recorded or announced, as recorded. */
    Inventory seen() {
        return inv.with(new ArrayList<>(inv.tracked().values()), inv.pending(), inv.history());
    }

    /** A listener that also remembers writes, for the history entry of a sync that stops with an exception. */
    SyncListener listener(SyncListener downstream) {
        return new SyncListener() {
            @Override
            public void started(List<ResourceKey> apply, List<ResourceKey> prune) {
                downstream.started(apply, prune);
            }

            @Override
            public void step(Phase phase, int wave, int n) {
                downstream.step(phase, wave, n);
            }

            @Override
            public void applied(ObjectResult result) {
                remember(result);
                downstream.applied(result);
            }

            @Override
            public void pruned(ObjectResult result) {
                remember(result);
                downstream.pruned(result);
            }
        };
    }

    private void remember(ObjectResult r) {
        if (r.action() == Action.CREATED || r.action() == Action.CONFIGURED || r.action() == Action.PRUNED) {
            written.add(r);
        }
    }

    /** True when the plan writes anything: a change, a hook, a prune, or a re-apply of everything. */
    static boolean writes(Plan plan, SyncOptions opts) {
        if (!opts.applyOutOfSyncOnly()) {
            return !plan.tasks().isEmpty() || (opts.prune() && plan.prunes().stream().anyMatch(Plan.PruneTask::deletable));
        }
        return plan.tasks().stream().anyMatch(t -> t.hook() || plan.changes().get(t.key()) == null
                || plan.changes().get(t.key()).action() != Action.UNCHANGED)
                || (opts.prune() && plan.prunes().stream().anyMatch(Plan.PruneTask::deletable));
    }

    /** Before the first write: the objects about to be written become pending, and a Running entry is added. */
    void announce(List<Task> tasks) {
        Map<ResourceKey, InventoryEntry> pending = new LinkedHashMap<>();
        inv.pending().forEach(e -> pending.put(e.key(), e));
        for (Task t : tasks) {
            if (!t.hook() && t.object().labels().containsKey(Tracking.APP_LABEL)) {
                pending.putIfAbsent(t.key(), new InventoryEntry(t.key(), t.object().apiVersion(), t.digest()));
            }
        }
        String ref = store.storeManifests(opts.app(), digest, manifests(), inv);
        running = new HistoryEntry(inv.nextId(), revision, digest, Instant.now().toString(), opts.initiator(), HistoryEntry.RUNNING, ref,
                opts.source(), "");
        List<HistoryEntry> history = new ArrayList<>(inv.history());
        history.add(running);
        inv = store.save(inv.with(inv.objects(), new ArrayList<>(pending.values()), trim(history)));
    }

    /** The sync stopped with an exception after its announcement: its entry says so and what it wrote; pending stays. */
    void failed(RuntimeException e) {
        if (running == null) {
            return;
        }
        boolean interrupted = Thread.interrupted(); // an aborted build: record anyway, then pass the interrupt on
        try {
            List<HistoryEntry> history = new ArrayList<>(inv.history());
            history.replaceAll(h -> h.id() == running.id() ? h.finished("Failed: " + e.getMessage(), wrote(written), Instant.now().toString()) : h);
            inv = store.save(inv.with(inv.objects(), inv.pending(), history));
        } catch (RuntimeException recordFailure) {
            e.addSuppressed(recordFailure);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Whether a sync of this set may be planned before it takes the app's Lease: a re-sync of what
     * the last entry recorded (same revision, digest and source, Succeeded, nothing announced since),
     * which usually finds nothing to write. It writes nothing, not even the Lease, when it finds
     * nothing; once it finds something to write it takes the Lease and plans again under it.
     */
    static boolean resyncOf(Inventory loaded, SyncOptions opts, String revision, String digest) {
        Optional<HistoryEntry> last = loaded.last();
        return opts.applyOutOfSyncOnly() && opts.only().isEmpty() && loaded.pending().isEmpty() && last.isPresent()
                && last.get().result().equals("Succeeded") && last.get().revision().equals(revision) && last.get().digest().equals(digest)
                && last.get().source().equals(opts.source());
    }

    /** The inventory and history a finished sync leaves, or null when they stay as they are (nothing to record). */
    private record Outcome(List<InventoryEntry> objects, List<HistoryEntry> history, int id) {
    }

    /** True when {@link #finish} would write: the sync changed something, or its result or objects differ from the last entry's. */
    boolean records(List<Task> tasks, List<ObjectResult> results, boolean ok, String message) {
        return outcome(tasks, results, ok, message, false) != null;
    }

    /** Records the result; returns the history id, or 0 when nothing changed and nothing was recorded. */
    int finish(List<Task> tasks, List<ObjectResult> results, boolean ok, String message) {
        Outcome o = outcome(tasks, results, ok, message, true);
        if (o == null) {
            return 0;
        }
        inv = store.save(inv.with(o.objects(), List.of(), trim(o.history())));
        store.collectGarbage(inv);
        return o.id();
    }

    /** @param store whether a new entry's manifests are written (by {@link #finish}); {@link #records} only decides */
    private Outcome outcome(List<Task> tasks, List<ObjectResult> results, boolean ok, String message, boolean store) {
        Map<ResourceKey, Task> byKey = new HashMap<>();
        tasks.forEach(t -> byKey.put(t.key(), t));
        Map<ResourceKey, InventoryEntry> next = new LinkedHashMap<>();
        Map<ResourceKey, InventoryEntry> before = trackedBefore;
        java.util.Set<ResourceKey> writtenKeys = new java.util.HashSet<>();
        written.forEach(w -> writtenKeys.add(w.key()));
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
                    } else if (t != null && !t.hook() && writtenKeys.contains(r.key()) && t.object().labels().containsKey(Tracking.APP_LABEL)) {
                        next.put(r.key(), new InventoryEntry(r.key(), t.object().apiVersion(), t.digest())); // applied, then failed its wait
                    }
                    changed |= r.action() == Action.FAILED;
                }
                default -> { }
            }
        }
        if (!opts.only().isEmpty()) {
            before.forEach(next::putIfAbsent);
        }
        String result = ok ? "Succeeded" : "Failed: " + message;
        // what the listener heard written: a result may have turned to failed after its write (applied, then unhealthy)
        String wrote = ok ? "" : wrote(written);
        List<HistoryEntry> history = new ArrayList<>(inv.history());
        int id;
        if (running != null) {
            id = running.id();
            history.replaceAll(h -> h.id() == id ? h.finished(result, wrote, Instant.now().toString()) : h);
        } else {
            boolean sameObjects = next.equals(inv.byKey()) && inv.pending().isEmpty();
            Optional<HistoryEntry> last = inv.last();
            boolean sameEntry = last.isPresent() && last.get().revision().equals(revision) && last.get().digest().equals(digest)
                    && last.get().result().equals(result) && last.get().source().equals(opts.source());
            if (!changed && sameObjects && sameEntry && !settledUnfinished) {
                return null;
            }
            id = inv.nextId();
            String ref = store ? this.store.storeManifests(opts.app(), digest, manifests(), inv) : "";
            history.add(new HistoryEntry(id, revision, digest, Instant.now().toString(), opts.initiator(), result, ref, opts.source(), wrote));
        }
        return new Outcome(new ArrayList<>(next.values()), history, id);
    }

    private List<HistoryEntry> trim(List<HistoryEntry> history) {
        List<HistoryEntry> h = new ArrayList<>(history);
        while (h.size() > opts.historyLimit()) {
            h.remove(0);
        }
        return h;
    }

    /**
     * The rendered objects, as stored with the history entry: their trees, not copies (12 MB for
     * Kubeflow), for they are only serialized (a Secret is replaced by a new stub, never changed).
     */
    private List<ObjectNode> manifests() {
        return objects.stream().map(o -> (ObjectNode) o.tree()).toList();
    }

    /** {@code 3 written: created ConfigMap/shop/a, configured ..., pruned ...} (the first 40 named). */
    static String wrote(List<ObjectResult> results) {
        List<String> names = new ArrayList<>();
        for (ObjectResult r : results) {
            if (r.action() == Action.CREATED || r.action() == Action.CONFIGURED || r.action() == Action.PRUNED) {
                names.add(r.action().display() + " " + r.key());
            }
        }
        if (names.isEmpty()) {
            return "nothing";
        }
        String shown = String.join(", ", names.subList(0, Math.min(WROTE_NAMES, names.size())));
        return names.size() + " written: " + shown + (names.size() > WROTE_NAMES ? ", and " + (names.size() - WROTE_NAMES) + " more" : "");
    }
}
