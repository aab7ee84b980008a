package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an app has in the cluster, as its last sync left it: the applied objects, the objects a
 * sync announced before writing them ({@code pending}: a sync writes them ahead of its first
 * write and clears them when it records its result, so a sync killed half way leaves every
 * object it may have written tracked, and the next sync with prune removes what is not wanted),
 * and the sync history (newest last). Stored by {@link InventoryStore} in one ConfigMap per app.
 *
 * @param version the ConfigMap's resourceVersion when loaded ("" when there is none yet): the
 *        store writes it back only if nobody changed it in between
 */
public record Inventory(String app, List<InventoryEntry> objects, List<InventoryEntry> pending, List<HistoryEntry> history, String version) {

    public Inventory {
        objects = List.copyOf(objects);
        pending = List.copyOf(pending == null ? List.of() : pending);
        history = List.copyOf(history);
        version = version == null ? "" : version;
    }

    public Inventory(String app, List<InventoryEntry> objects, List<HistoryEntry> history) {
        this(app, objects, List.of(), history, "");
    }

    public static Inventory empty(String app) {
        return new Inventory(app, List.of(), List.of(), List.of(), "");
    }

    /** The recorded objects. */
    public Map<ResourceKey, InventoryEntry> byKey() {
        Map<ResourceKey, InventoryEntry> m = new LinkedHashMap<>();
        objects.forEach(e -> m.put(e.key(), e));
        return m;
    }

    /** Every object the app may have in the cluster: the recorded ones and those a sync that did not finish announced. */
    public Map<ResourceKey, InventoryEntry> tracked() {
        Map<ResourceKey, InventoryEntry> m = byKey();
        pending.forEach(e -> m.putIfAbsent(e.key(), e));
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

    Inventory with(List<InventoryEntry> newObjects, List<InventoryEntry> newPending, List<HistoryEntry> newHistory) {
        return new Inventory(app, newObjects, newPending, newHistory, version);
    }

    Inventory withVersion(String newVersion) {
        return new Inventory(app, objects, pending, history, newVersion);
    }
}
