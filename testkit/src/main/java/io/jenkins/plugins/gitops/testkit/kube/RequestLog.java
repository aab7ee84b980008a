package io.jenkins.plugins.gitops.testkit.kube;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the requests the emulator served, by Kubernetes verb (get, list, watch, create,
 * update, patch, apply, delete, deletecollection, discovery, log), by verb and kind for requests on a
 * resource ({@link #count(String, String)}), and by injected fault. Benchmarks and tests read it to
 * measure API calls and writes per object.
 */
public final class RequestLog {

    public static final java.util.Set<String> WRITE_VERBS = java.util.Set.of("create", "update", "patch", "apply", "delete", "deletecollection");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    void record(String verb) {
        counts.computeIfAbsent(verb, v -> new LongAdder()).increment();
    }

    /** A request on a resource type: counted by verb, and by verb and kind. */
    void record(String verb, ResourceType type) {
        record(verb);
        byKind.computeIfAbsent(verb + " " + type.kind(), v -> new LongAdder()).increment();
    }

    /** Requests of one verb on one kind: {@code count("get", "Lease")}. */
    public long count(String verb, String kind) {
        LongAdder a = byKind.get(verb + " " + kind);
        return a == null ? 0 : a.sum();
    }

    public long count(String verb) {
        LongAdder a = counts.get(verb);
        return a == null ? 0 : a.sum();
    }

    /** Writes that reached the server (dry runs included; they are requests too). */
    public long writes() {
        return WRITE_VERBS.stream().mapToLong(this::count).sum();
    }

    public long total() {
        return counts.entrySet().stream().filter(e -> !e.getKey().startsWith("fault:")).mapToLong(e -> e.getValue().sum()).sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void reset() {
        counts.clear();
        byKind.clear();
    }
}
