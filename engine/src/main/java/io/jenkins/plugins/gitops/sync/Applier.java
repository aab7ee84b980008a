package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.health.Health;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Writes planned objects and runs hooks: one object at a time here, a stage at a time in parallel. */
final class Applier {

    private final Cluster cluster;
    private final SyncOptions opts;
    private final Waits waits;
    private final ExecutorService pool;
    private final SyncListener listener;

    Applier(Cluster cluster, SyncOptions opts, Waits waits, ExecutorService pool, SyncListener listener) {
        this.cluster = cluster;
        this.opts = opts;
        this.waits = waits;
        this.pool = pool;
        this.listener = listener;
    }

    /** Applies the tasks concurrently; results in the tasks' order. */
    List<ObjectResult> applyAll(List<Task> tasks, Map<ResourceKey, ObjectNode> live, Map<ResourceKey, Change> changes) {
        List<Future<ObjectResult>> futures = new ArrayList<>();
        for (Task t : tasks) {
            Change c = changes.get(t.key());
            // an in-sync object that is not applied again is reported here: no thread is started to write nothing
            futures.add(c != null && c.action() == Action.UNCHANGED && opts.applyOutOfSyncOnly()
                    ? java.util.concurrent.CompletableFuture.completedFuture(reported(result(t, Action.UNCHANGED, "")))
                    : pool.submit(() -> reported(apply(t, live.get(t.key()), c))));
        }
        List<ObjectResult> out = new ArrayList<>();
        for (Future<ObjectResult> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncException("interrupted", e);
            } catch (ExecutionException e) {
                throw new SyncException("apply failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    /** Tells the listener as soon as an object is done, so an abort in the middle of a stage still knows about it. */
    private ObjectResult reported(ObjectResult r) {
        listener.applied(r);
        return r;
    }

    ObjectResult apply(Task t, ObjectNode live, Change change) {
        ResourceKey key = t.key();
        Action done = live == null ? Action.CREATED : Action.CONFIGURED;
        if (change != null && change.action() == Action.UNCHANGED) {
            if (opts.applyOutOfSyncOnly()) {
                return result(t, Action.UNCHANGED, "");
            }
            done = Action.UNCHANGED;
        }
        try {
            ApiResource r = resource(t);
            boolean replace = opts.replace() || Annotations.syncOption(t.object(), "Replace", "true");
            boolean force = opts.force() || opts.forceConflicts() || Annotations.syncOption(t.object(), "Force", "true");
            if (change != null && change.recreate()) {
                cluster.delete(r, key.namespace(), key.name(), "Foreground");
                waits.gone(r, key);
                write(r, t, null, replace, force);
                return changed(t, done, "recreated: an immutable field changed", change);
            }
            write(r, t, live, replace, force);
            return changed(t, done, "", change);
        } catch (KubeApiException e) {
            return result(t, Action.FAILED, Errors.explain(e, key));
        } catch (SyncException e) {
            return result(t, Action.FAILED, e.getMessage());
        }
    }

    private void write(ApiResource r, Task t, ObjectNode live, boolean replace, boolean force) {
        if (replace) {
            ObjectNode desired = t.object().json();
            if (live == null) {
                cluster.create(r, desired, opts.fieldManager(), false);
            } else {
                desired.with("metadata").put("resourceVersion", live.path("metadata").path("resourceVersion").asText());
                cluster.update(r, desired, opts.fieldManager(), false);
            }
        } else {
            cluster.applyUnread(r, t.object(), opts.fieldManager(), force, false); // the bytes its digest and dry run had
        }
    }

    /**
     * Runs one hook: deletes the previous run (BeforeHookCreation), creates it, waits until it
     * finishes, then deletes it as its policy says.
     */
    ObjectResult runHook(Task t) {
        return reported(hook(t));
    }

    private ObjectResult hook(Task t) {
        ResourceKey key = t.key();
        Set<String> policies = Annotations.deletePolicies(t.object());
        try {
            ApiResource r = resource(t);
            ObjectNode desired = t.object().json();
            ResourceKey running = key;
            if (desired.path("metadata").path("name").asText("").isEmpty()) {
                ObjectNode created = cluster.create(r, desired, opts.fieldManager(), false);
                running = new ResourceKey(key.group(), key.kind(), key.namespace(), created.path("metadata").path("name").asText());
            } else {
                if (policies.contains("beforehookcreation") && cluster.delete(r, key.namespace(), key.name(), "Background")) {
                    waits.gone(r, key);
                }
                cluster.apply(r, desired, opts.fieldManager(), true, false);
            }
            Health h = waits.finished(r, running);
            boolean ok = h.status() == HealthStatus.HEALTHY;
            if ((ok && policies.contains("hooksucceeded")) || (!ok && policies.contains("hookfailed"))) {
                cluster.delete(r, running.namespace(), running.name(), "Background");
            }
            return ok ? result(t, Action.CREATED, "hook succeeded") : result(t, Action.FAILED, "hook failed: " + h);
        } catch (KubeApiException e) {
            return result(t, Action.FAILED, Errors.explain(e, key));
        } catch (SyncException e) {
            return result(t, Action.FAILED, e.getMessage());
        }
    }

    private ApiResource resource(Task t) {
        var found = cluster.resolver().find(t.object().apiVersion(), t.object().kind());
        if (found.isEmpty()) {
            cluster.resolver().refresh(t.key().group());
        }
        return cluster.resolver().resolve(t.object().apiVersion(), t.object().kind());
    }

    /** A configured object keeps the diff the dry run planned, so a build summary can show what changed. */
    private static ObjectResult changed(Task t, Action a, String reason, Change change) {
        String diff = a == Action.CONFIGURED && change != null ? change.diff() : "";
        return new ObjectResult(t.key(), t.phase(), t.wave(), t.hook(), a, reason, diff);
    }

    static ObjectResult result(Task t, Action a, String reason) {
        return new ObjectResult(t.key(), t.phase(), t.wave(), t.hook(), a, reason, "");
    }
}
