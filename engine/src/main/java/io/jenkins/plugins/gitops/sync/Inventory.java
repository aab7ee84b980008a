package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an app has in the cluster, as its last sync left it: the applied objects and the sync
 * history (newest last). Stored by {@link InventoryStore} in one ConfigMap per app.
 */
public record Inventory(String app, List<InventoryEntry> objects, List<HistoryEntry> history) {

    public Inventory {
        objects = List.copyOf(objects);
        history = List.copyOf(history);
    }

    public static Inventory empty(String app) {
        return new Inventory(app, List.of(), List.of());
    }

    public Map<ResourceKey, InventoryEntry> byKey() {
        Map<ResourceKey, InventoryEntry> m = new LinkedHashMap<>();
        objects.forEach(e -> m.put(e.key(), e));
        return m;
    }

    public Optional<HistoryEntry> last() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    public Optional<HistoryEntry> entry(int id) {
        return history.stream().filter(h -> h.id() == id).findFirst();
    }

    public int nextId() {
        return history.stream().mapToInt(HistoryEntry::id).max().orElse(0) + 1;
    }
}
