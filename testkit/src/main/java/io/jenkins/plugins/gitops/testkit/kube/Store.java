package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The emulator's etcd: objects by type, namespace and name, one global resourceVersion, and an
 * event log that watches resume from. Callers hold {@link #lock()} across read-modify-write so
 * that every write sees the state it was computed from, as a real apiserver's optimistic
 * concurrency guarantees.
 */
final class Store {

    /** How many events a watch can resume across before it gets 410 Gone. */
    static final int EVENT_WINDOW = 10_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TreeMap<String, ObjectNode>> objects = new HashMap<>();
    private final Deque<WatchEvent> log = new ArrayDeque<>();
    private final List<Consumer<WatchEvent>> listeners = new CopyOnWriteArrayList<>();
    private long resourceVersion = 1;

    ReentrantLock lock() {
        return lock;
    }

    long resourceVersion() {
        return resourceVersion;
    }

    static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    ObjectNode get(ResourceType type, String namespace, String name) {
        TreeMap<String, ObjectNode> m = objects.get(type.storeKey());
        return m == null ? null : m.get(key(type.namespaced() ? namespace : "", name));
    }

    /** Objects of a type, in namespace/name order; all namespaces when namespace is null. */
    List<ObjectNode> list(ResourceType type, String namespace) {
        TreeMap<String, ObjectNode> m = objects.get(type.storeKey());
        if (m == null) {
            return List.of();
        }
        if (namespace == null || !type.namespaced()) {
            return new ArrayList<>(m.values());
        }
        return new ArrayList<>(m.subMap(namespace + "/", namespace + "/\uffff").values());
    }

    Collection<String> storeKeys() {
        return new ArrayList<>(objects.keySet());
    }

    /** Stores an object, stamping the next resourceVersion, and publishes the event. Hold the lock. */
    ObjectNode put(ResourceType type, ObjectNode object) {
        ObjectNode md = Json.obj(object, "metadata");
        String ns = type.namespaced() ? md.path("namespace").asText("") : "";
        String k = key(ns, md.path("name").asText());
        TreeMap<String, ObjectNode> m = objects.computeIfAbsent(type.storeKey(), x -> new TreeMap<>());
        ObjectNode previous = m.get(k);
        md.put("resourceVersion", Long.toString(++resourceVersion));
        m.put(k, object);
        publish(new WatchEvent(previous == null ? "ADDED" : "MODIFIED", type, object, previous, resourceVersion));
        return object;
    }

    /** Removes an object and publishes DELETED. Hold the lock. */
    ObjectNode remove(ResourceType type, String namespace, String name) {
        TreeMap<String, ObjectNode> m = objects.get(type.storeKey());
        if (m == null) {
            return null;
        }
        ObjectNode removed = m.remove(key(type.namespaced() ? namespace : "", name));
        if (removed != null) {
            ObjectNode last = removed.deepCopy();
            Json.obj(last, "metadata").put("resourceVersion", Long.toString(++resourceVersion));
            publish(new WatchEvent("DELETED", type, last, removed, resourceVersion));
        }
        return removed;
    }

    private void publish(WatchEvent event) {
        log.addLast(event);
        if (log.size() > EVENT_WINDOW) {
            log.removeFirst();
        }
        for (Consumer<WatchEvent> l : listeners) {
            l.accept(event);
        }
    }

    /**
     * Events after a resourceVersion, or null when that version is older than the window (the
     * caller answers 410 Gone). Hold the lock, and subscribe before releasing it, so that no event
     * falls between replay and live delivery.
     */
    List<WatchEvent> since(long version) {
        if (!log.isEmpty() && log.peekFirst().resourceVersion() > version + 1 && version < resourceVersion) {
            return null;
        }
        List<WatchEvent> out = new ArrayList<>();
        for (WatchEvent e : log) {
            if (e.resourceVersion() > version) {
                out.add(e);
            }
        }
        return out;
    }

    /** Listeners run under the store lock, in commit order: keep them short (hand off to a queue). */
    void subscribe(Consumer<WatchEvent> listener) {
        listeners.add(listener);
    }

    void unsubscribe(Consumer<WatchEvent> listener) {
        listeners.remove(listener);
    }

    /** How many watches (and in-process listeners) are subscribed: a closed watch must leave none behind. */
    int subscribers() {
        return listeners.size();
    }
}
