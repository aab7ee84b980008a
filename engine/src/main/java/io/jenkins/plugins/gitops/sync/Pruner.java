package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Deletes what the app no longer wants, in reverse wave order; inside a wave, ordinary objects
 * first, one kind group after another in reverse kind order (custom resources, then Ingresses,
 * Deployments, ... Services, ConfigMaps: the reverse of how they were applied), the objects of a
 * kind in parallel; then CRDs, then Namespaces, so nothing is deleted before what lives in it.
 */
final class Pruner {

    private final Cluster cluster;
    private final SyncOptions opts;
    private final ExecutorService pool;
    private final SyncListener listener;

    Pruner(Cluster cluster, SyncOptions opts, ExecutorService pool, SyncListener listener) {
        this.cluster = cluster;
        this.opts = opts;
        this.pool = pool;
        this.listener = listener;
    }

    /** Sorts prunes into deletion order. */
    static List<Plan.PruneTask> order(List<Plan.PruneTask> prunes) {
        List<Plan.PruneTask> out = new ArrayList<>(prunes);
        out.sort(Comparator.comparingInt(Plan.PruneTask::wave).reversed().thenComparingInt(p -> tier(p.key()))
                .thenComparing(p -> -KindOrder.of(p.key().kind())).thenComparing(p -> p.key().kind()).thenComparing(Plan.PruneTask::key));
        return out;
    }

    private static int tier(ResourceKey k) {
        if (k.kind().equals("Namespace") && k.group().isEmpty()) {
            return 2;
        }
        return k.kind().equals("CustomResourceDefinition") ? 1 : 0;
    }

    List<ObjectResult> prune(List<Plan.PruneTask> prunes, boolean dryRun) {
        List<ObjectResult> out = new ArrayList<>();
        List<List<Plan.PruneTask>> stages = new ArrayList<>();
        Plan.PruneTask previous = null;
        for (Plan.PruneTask p : order(prunes)) {
            if (p.keep() || dryRun || !opts.prune()) {
                out.add(result(p, p.keep() || !opts.prune() ? Action.SKIPPED : Action.PRUNED, p.reason()));
                continue;
            }
            // a stage: one wave, one kind (the order puts higher waves first, then ordinary objects, CRDs, Namespaces)
            if (previous == null || previous.wave() != p.wave() || !previous.key().kind().equals(p.key().kind())) {
                stages.add(new ArrayList<>());
            }
            stages.get(stages.size() - 1).add(p);
            previous = p;
        }
        for (List<Plan.PruneTask> stage : stages) {
            List<Future<ObjectResult>> fs = new ArrayList<>();
            for (Plan.PruneTask p : stage) {
                fs.add(pool.submit(() -> {
                    ObjectResult r = delete(p);
                    listener.pruned(r);
                    return r;
                }));
            }
            for (Future<ObjectResult> f : fs) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SyncException("interrupted while pruning", e);
                } catch (ExecutionException e) {
                    throw new SyncException("prune failed: " + e.getCause(), e.getCause());
                }
            }
        }
        return out;
    }

    private ObjectResult delete(Plan.PruneTask p) {
        try {
            Optional<ApiResource> r = cluster.resolver().find(p.apiVersion(), p.key().kind());
            if (r.isPresent()) {
                cluster.delete(r.get(), p.key().namespace(), p.key().name(), opts.prunePropagationPolicy());
            }
            return result(p, Action.PRUNED, "");
        } catch (KubeApiException e) {
            return result(p, Action.FAILED, "prune failed: " + Errors.detail(e, p.key()));
        }
    }

    private static ObjectResult result(Plan.PruneTask p, Action a, String reason) {
        return new ObjectResult(p.key(), Phase.SYNC, p.wave(), false, a, reason, "");
    }
}
