package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Carries out a {@link Plan}: steps of (phase, wave), stages inside a step, prune, SyncFail hooks. */
final class Execution {

    private final Cluster cluster;
    private final SyncOptions opts;
    private final ExecutorService pool;
    private final Plan plan;
    private final Map<ResourceKey, ObjectNode> live;
    private final Waits waits;
    private final Applier applier;
    private final SyncListener listener;

    Execution(Cluster cluster, SyncOptions opts, ExecutorService pool, Plan plan, Map<ResourceKey, ObjectNode> live) {
        this.cluster = cluster;
        this.opts = opts;
        this.pool = pool;
        this.plan = plan;
        this.live = live;
        this.waits = new Waits(cluster, opts.timeout(), opts.app());
        this.listener = SyncListener.serialized(opts.listener());
        this.applier = new Applier(cluster, opts, waits, pool, listener);
    }

    /** The report of a dry run, or of a refused plan (then nothing but the refusals is shown as failed). */
    List<ObjectResult> report(Differ differ) {
        List<ObjectResult> out = new ArrayList<>();
        for (Task t : plan.tasks()) {
            if (t.hook()) {
                out.add(Applier.result(t, Action.SKIPPED, "hook: runs during a sync"));
                continue;
            }
            Change c = plan.changes().get(t.key());
            if (plan.refused() && c.action() != Action.FAILED && !opts.dryRun()) {
                out.add(Applier.result(t, Action.SKIPPED, "not applied: the dry run of another object failed"));
            } else {
                out.add(new ObjectResult(t.key(), t.phase(), t.wave(), false, c.action(), c.reason(), c.diff()));
            }
        }
        for (ObjectResult p : new Pruner(cluster, opts, pool, SyncListener.NONE).prune(plan.prunes(), true)) {
            out.add(withDiff(p, differ));
        }
        return out;
    }

    private ObjectResult withDiff(ObjectResult p, Differ differ) {
        ObjectNode l = live.get(p.key());
        if (p.action() == Action.PRUNED && l != null) {
            return new ObjectResult(p.key(), p.phase(), p.wave(), false, p.action(), p.reason(), differ.diff(p.key(), l, null));
        }
        return p;
    }

    List<ObjectResult> run() {
        Map<String, List<Task>> steps = new LinkedHashMap<>();
        for (Task t : plan.tasks()) {
            if (t.phase() != Phase.SYNC_FAIL) {
                steps.computeIfAbsent(t.phase().ordinal() + "/" + t.wave(), k -> new ArrayList<>()).add(t);
            }
        }
        listener.started(steps.values().stream().flatMap(List::stream).map(Task::key).toList(),
                opts.prune() ? plan.prunes().stream().filter(Plan.PruneTask::deletable).map(Plan.PruneTask::key).toList() : List.of());
        int lastSyncWave = plan.tasks().stream().filter(t -> t.phase() == Phase.SYNC).mapToInt(Task::wave).max().orElse(0);
        TreeMap<Integer, List<Plan.PruneTask>> pending = pruneWaves(plan.prunes(), opts.pruneLast(), lastSyncWave);
        List<ObjectResult> out = new ArrayList<>();
        boolean failed = false;
        List<List<Task>> ordered = new ArrayList<>(steps.values());
        for (int i = 0; i < ordered.size(); i++) {
            List<Task> step = ordered.get(i);
            Phase phase = step.get(0).phase();
            int wave = step.get(0).wave();
            if (!failed && phase.compareTo(Phase.SYNC) >= 0) {
                // the prunes due before this step: those of the waves up to this Sync wave, or all once the Sync phase is over
                failed = prune(pending, phase == Phase.SYNC ? wave : Integer.MAX_VALUE, out);
            }
            if (failed) {
                step.forEach(t -> out.add(Applier.result(t, Action.SKIPPED, "not applied: an earlier step failed")));
                continue;
            }
            stopIfInterrupted(phase.display() + " wave " + wave);
            listener.step(phase, wave, step.size());
            // health gates the next step only, as in Argo CD: a sync succeeds once its last step is applied
            boolean laterStep = i < ordered.size() - 1 || deletesPending(pending);
            failed = runStep(step, laterStep, out);
        }
        if (!failed) {
            failed = prune(pending, Integer.MAX_VALUE, out);
        }
        if (failed) {
            for (Task t : plan.tasks()) {
                if (t.phase() == Phase.SYNC_FAIL) {
                    out.add(t.hook() ? applier.runHook(t) : Applier.result(t, Action.SKIPPED, "SyncFail objects are hooks only"));
                }
            }
            pending.values().forEach(ps -> ps.forEach(p ->
                    out.add(new ObjectResult(p.key(), Phase.SYNC, p.wave(), false, Action.SKIPPED, "not pruned: the sync failed", ""))));
        }
        return out;
    }

    /**
     * When prunes run, as Argo CD orders them: each takes its live object's wave, mirrored across
     * the waves being pruned (what was created last goes first), and runs in the Sync phase before
     * that wave's applies; with PruneLast, all of them after the Sync phase's last wave. Keys are
     * the waves they run in.
     */
    static TreeMap<Integer, List<Plan.PruneTask>> pruneWaves(List<Plan.PruneTask> prunes, boolean last, int lastSyncWave) {
        TreeMap<Integer, List<Plan.PruneTask>> out = new TreeMap<>();
        if (prunes.isEmpty()) {
            return out;
        }
        if (last) {
            out.put(lastSyncWave + 1, new ArrayList<>(prunes));
            return out;
        }
        List<Integer> waves = prunes.stream().map(Plan.PruneTask::wave).distinct().sorted().toList();
        for (Plan.PruneTask p : prunes) {
            int mirrored = waves.get(waves.size() - 1 - waves.indexOf(p.wave()));
            out.computeIfAbsent(mirrored, k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** Runs the pending prune waves up to {@code upTo}; true when a deletion failed (the sync stops there, as Argo CD's). */
    private boolean prune(TreeMap<Integer, List<Plan.PruneTask>> pending, int upTo, List<ObjectResult> out) {
        while (!pending.isEmpty() && pending.firstKey() <= upTo) {
            stopIfInterrupted("pruning");
            List<ObjectResult> rs = new Pruner(cluster, opts, pool, listener).prune(pending.pollFirstEntry().getValue(), false);
            out.addAll(rs);
            if (anyFailed(rs)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a prune still to come deletes something: then it is a later step, and the current one is gated on health. */
    private boolean deletesPending(TreeMap<Integer, List<Plan.PruneTask>> pending) {
        return opts.prune() && pending.values().stream().flatMap(List::stream).anyMatch(p -> !p.keep());
    }

    /**
     * Applies a stage one kind group after another, as Argo CD's {@code runTasks}: the objects of
     * one kind concurrently, the next kind only once the group is done (so a Service exists before
     * the Deployment behind it, a ConfigMap before the Pods that mount it). CRDs are awaited until
     * Established before the next group. True when something failed; later groups are then
     * reported as skipped.
     */
    private boolean applyStage(List<Task> stage, List<ObjectResult> out) {
        List<List<Task>> groups = kindGroups(stage);
        for (int g = 0; g < groups.size(); g++) {
            List<Task> group = groups.get(g);
            List<ObjectResult> rs = applier.applyAll(group, live, plan.changes());
            out.addAll(rs);
            if (anyFailed(rs)) {
                groups.subList(g + 1, groups.size()).forEach(rest -> skip(rest, out));
                return true;
            }
            // CRDs become Established independently: wait for all of them on one watch
            Map<String, String> changed = new LinkedHashMap<>();
            for (int k = 0; k < rs.size(); k++) {
                Task t = group.get(k);
                if (t.isCrd() && rs.get(k).action() != Action.UNCHANGED) {
                    changed.put(t.key().name(), t.object().at("/spec/group").asText());
                }
            }
            waits.crdsEstablished(changed);
        }
        return false;
    }

    /** Runs of tasks of one kind, in the tasks' order (which is sorted by kind inside a step). */
    static List<List<Task>> kindGroups(List<Task> tasks) {
        List<List<Task>> out = new ArrayList<>();
        for (Task t : tasks) {
            if (out.isEmpty() || !out.get(out.size() - 1).get(0).key().kind().equals(t.key().kind())) {
                out.add(new ArrayList<>());
            }
            out.get(out.size() - 1).add(t);
        }
        return out;
    }

    /**
     * An interrupt (an aborted build) that arrived while nothing was blocking is honoured here,
     * between steps: what is already applied stays, nothing more is written. The inventory and
     * history are not updated; the next sync finishes the job.
     */
    private static void stopIfInterrupted(String next) {
        if (Thread.currentThread().isInterrupted()) {
            throw new SyncException("interrupted before " + next, new InterruptedException());
        }
    }

    /**
     * Runs one (phase, wave): Namespaces and CRDs (Established), then hooks (a PreSync Job in the
     * app's own namespace needs that namespace first), then the rest, then webhooks, each stage in
     * kind groups; then, when a later step follows, waits until the step is healthy. True when
     * something failed; what comes after a failure is reported as skipped.
     */
    private boolean runStep(List<Task> step, boolean waitHealthy, List<ObjectResult> out) {
        List<Task> hooks = step.stream().filter(Task::hook).toList();
        List<Task> first = step.stream().filter(t -> !t.hook() && (t.isCrd() || (t.key().kind().equals("Namespace") && t.key().group().isEmpty()))).toList();
        List<Task> middle = step.stream().filter(t -> !t.hook() && !first.contains(t) && !KindOrder.isWebhook(t.key().kind())).toList();
        List<Task> last = step.stream().filter(t -> !t.hook() && KindOrder.isWebhook(t.key().kind())).toList();
        if (applyStage(first, out)) {
            skip(hooks, out);
            skip(middle, out);
            skip(last, out);
            return true;
        }
        if (!hooks.isEmpty()) {
            List<Future<ObjectResult>> fs = new ArrayList<>();
            hooks.forEach(h -> fs.add(pool.submit(() -> applier.runHook(h))));
            List<ObjectResult> rs = new ArrayList<>();
            for (Future<ObjectResult> f : fs) {
                try {
                    rs.add(f.get());
                } catch (InterruptedException e) {
                    // an aborted build: stop waiting for the hooks now (their Jobs keep running in the cluster)
                    fs.forEach(x -> x.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new SyncException("interrupted while hook(s) ran: " + String.join(", ",
                            hooks.stream().map(h -> h.key().toString()).toList()) + "; nothing after them was applied", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new SyncException(String.valueOf(e.getCause()), e.getCause());
                }
            }
            out.addAll(rs);
            if (anyFailed(rs)) {
                skip(middle, out);
                skip(last, out);
                return true;
            }
        }
        if (applyStage(middle, out)) {
            skip(last, out);
            return true;
        }
        if (applyStage(last, out)) {
            return true;
        }
        List<Task> ordinary = step.stream().filter(t -> !t.hook()).toList();
        if (waitHealthy && !ordinary.isEmpty()) {
            Optional<Map.Entry<ResourceKey, String>> blocking = waits.healthy(ordinary, opts.app());
            if (blocking.isPresent()) {
                ResourceKey k = blocking.get().getKey();
                for (int i = 0; i < out.size(); i++) {
                    ObjectResult r = out.get(i);
                    if (r.key().equals(k)) {
                        out.set(i, new ObjectResult(k, r.phase(), r.wave(), false, Action.FAILED, "applied, then " + blocking.get().getValue(), ""));
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static void skip(List<Task> tasks, List<ObjectResult> out) {
        tasks.forEach(t -> out.add(Applier.result(t, Action.SKIPPED, "not applied: an earlier stage failed")));
    }

    private static boolean anyFailed(List<ObjectResult> rs) {
        return rs.stream().anyMatch(r -> r.action() == Action.FAILED);
    }
}
