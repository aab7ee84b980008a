package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares desired objects with live ones. An object whose desired digest equals the one the
 * inventory recorded at its last apply, and whose live state still holds every desired field,
 * is unchanged without asking the server. Any other object is compared by a server-side apply
 * dry run, which gives exactly what an apply would produce (defaults, merges, removals of
 * fields we no longer set), normalized on both sides.
 */
final class Differ {

    private final Cluster cluster;
    private final SyncOptions opts;
    private final Normalizer normalizer;
    private final boolean withDiffs;

    Differ(Cluster cluster, SyncOptions opts, boolean withDiffs) {
        this.cluster = cluster;
        this.opts = opts;
        this.normalizer = new Normalizer(opts.ignoreDifferences(), true);
        this.withDiffs = withDiffs;
    }

    static final Change UNCHANGED = new Change(Action.UNCHANGED, "", "", false);

    /**
     * Unchanged without asking the server: the desired digest is the one recorded at the last apply,
     * and the live object still holds every desired field. Both trees are read in place, nothing is
     * sent: cheap enough for a sync to ask on its own thread before it hands anything to its pool.
     */
    boolean unchangedAsRecorded(Task t, ObjectNode live, Map<ResourceKey, InventoryEntry> inventory) {
        InventoryEntry recorded = inventory.get(t.key());
        return live != null && recorded != null && recorded.digest().equals(t.digest()) && normalizer.containsNormalized(live, t.object().tree(), t.key());
    }

    /**
     * An object {@link #unchangedAsRecorded} did not clear, compared by the server's dry run.
     *
     * @param existingNamespaces namespaces known to exist now (a dry run in any other fails for want of it)
     */
    Change compare(Task t, ObjectNode live, Set<String> existingNamespaces) {
        ResourceKey key = t.key();
        Optional<ApiResource> served = cluster.resolver().find(t.object().apiVersion(), t.object().kind());
        if (served.isEmpty()) {
            return new Change(Action.CREATED, "dry run skipped: its CustomResourceDefinition is created by this sync", diff(key, null, t.object().tree()), false);
        }
        if (!key.namespace().isEmpty() && !existingNamespaces.contains(key.namespace())) {
            return new Change(Action.CREATED, "dry run skipped: its namespace is created by this sync", diff(key, null, t.object().tree()), false);
        }
        boolean force = opts.force() || opts.forceConflicts();
        ObjectNode predicted;
        ObjectNode desired = null;
        try {
            if (live == null && !withDiffs) {
                // A create's predicted object serves only its diff, and none was asked for: the dry
                // run is sent for the server's verdict (validation, admission, quota), and its answer,
                // the whole object with managed fields (megabytes for Kubeflow's CRDs), is not read.
                cluster.applyUnread(served.get(), t.object(), opts.fieldManager(), force, true);
                return new Change(Action.CREATED, "", "", false);
            }
            desired = t.object().json();
            predicted = cluster.apply(served.get(), desired, opts.fieldManager(), force, true);
        } catch (KubeApiException e) {
            if (e.immutableField() && live != null && (opts.force() || opts.replace() || Annotations.syncOption(t.object(), "Replace", "true")
                    || Annotations.syncOption(t.object(), "Force", "true"))) {
                return new Change(Action.CONFIGURED, "recreate: " + Errors.detail(e, key), masked(key, live, desired), true);
            }
            return new Change(Action.FAILED, "dry run failed: " + Errors.explain(e, key), "", false);
        }
        if (live == null) {
            return new Change(Action.CREATED, "", diff(key, null, predicted), false);
        }
        ObjectNode l = normalizer.normalize(live, key);
        ObjectNode p = normalizer.normalize(predicted, key);
        if (l.equals(p)) {
            return UNCHANGED;
        }
        // a changed object's diff is computed even when diffs were not asked for: only changed
        // objects pay for it, and a build summary shows what a sync changed
        return new Change(Action.CONFIGURED, "", masked(key, live, predicted), false);
    }

    /** The masked unified diff, or "" when diffs were not asked for. */
    String diff(ResourceKey key, ObjectNode live, com.fasterxml.jackson.databind.JsonNode desired) {
        if (!withDiffs) {
            return "";
        }
        return masked(key, live, desired);
    }

    private String masked(ResourceKey key, ObjectNode live, com.fasterxml.jackson.databind.JsonNode desired) {
        ObjectNode l = live == null ? null : normalizer.normalize(live, key);
        ObjectNode d = desired == null ? null : normalizer.normalize(desired, key);
        if (key.kind().equals("Secret") && key.group().isEmpty()) {
            Masking.mask(l, d);
        }
        return UnifiedDiff.diff(key.toString(), l, d);
    }

}
