package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.List;
import java.util.Map;

/**
 * What a sync will do, before it does it: the tasks in execution order (hooks included), the
 * change found for each ordinary object, and the objects to prune, in deletion order.
 */
public record Plan(List<Task> tasks, Map<ResourceKey, Change> changes, List<PruneTask> prunes) {

    public Plan {
        tasks = List.copyOf(tasks);
        changes = Map.copyOf(changes);
        prunes = List.copyOf(prunes);
    }

    /** True when the dry run refused at least one object: nothing will be written. */
    public boolean refused() {
        return changes.values().stream().anyMatch(c -> c.action() == Action.FAILED);
    }

    /**
     * One object of the app that is no longer desired.
     *
     * @param keep never pruned ({@code Prune=false}, {@code Delete=false})
     * @param waiting pruned only in a sync told to confirm ({@code Prune=confirm}, {@code Delete=confirm} without confirmPrune)
     */
    public record PruneTask(ResourceKey key, String apiVersion, int wave, boolean keep, boolean waiting, String reason) {

        /** Neither kept nor waiting: deleted when the sync prunes. */
        boolean deletable() {
            return !keep && !waiting;
        }
    }
}
