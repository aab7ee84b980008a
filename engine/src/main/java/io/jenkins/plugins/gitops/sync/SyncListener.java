package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.List;

/**
 * Progress of a sync as it writes, so a caller that is stopped half way (an aborted build) can say
 * what reached the cluster: the result of a sync exists only once it has finished. The engine calls
 * it from its worker threads but never concurrently (see {@link #serialized(SyncListener)}); calls
 * must be quick and must not throw. Dry runs and diffs write nothing and report nothing.
 */
public interface SyncListener {

    SyncListener NONE = new SyncListener() {
    };

    /**
     * Called once, before the first write.
     *
     * @param apply the objects and hooks to apply, in order of (phase, wave); SyncFail hooks are left out
     * @param prune the objects to delete (empty when pruning is off)
     */
    default void started(List<ResourceKey> apply, List<ResourceKey> prune) {
    }

    /** A (phase, wave) is about to be applied. */
    default void step(Phase phase, int wave, int objects) {
    }

    /** An object or hook was applied (created, configured, re-applied unchanged), skipped as in sync, or failed. */
    default void applied(ObjectResult result) {
    }

    /** An object was deleted because the app no longer wants it, or its deletion failed. */
    default void pruned(ObjectResult result) {
    }

    /** A listener whose calls are made one at a time, whichever worker thread makes them. */
    static SyncListener serialized(SyncListener l) {
        if (l == NONE) {
            return l;
        }
        return new SyncListener() {
            @Override
            public synchronized void started(List<ResourceKey> apply, List<ResourceKey> prune) {
                l.started(apply, prune);
            }

            @Override
            public synchronized void step(Phase phase, int wave, int objects) {
                l.step(phase, wave, objects);
            }

            @Override
            public synchronized void applied(ObjectResult result) {
                l.applied(result);
            }

            @Override
            public synchronized void pruned(ObjectResult result) {
                l.pruned(result);
            }
        };
    }
}
