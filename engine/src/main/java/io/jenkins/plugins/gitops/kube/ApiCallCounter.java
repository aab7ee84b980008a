package io.jenkins.plugins.gitops.kube;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API calls a {@link Cluster} made, by verb ({@code get}, {@code list},
 * {@code discovery}, {@code apply}, {@code dryrun}, {@code create}, {@code update},
 * {@code delete}) plus {@code retry} for repeated attempts. Dry runs are counted apart from
 * writes: they change nothing. Thread-safe.
 */
public final class ApiCallCounter {

    /** Verbs that change the cluster. */
    public static final Set<String> WRITES = Set.of("apply", "create", "update", "delete");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ApiCallCounter parent;

    public ApiCallCounter() {
        this(null);
    }

    private ApiCallCounter(ApiCallCounter parent) {
        this.parent = parent;
    }

    /**
     * A counter of its own whose calls are counted here too: concurrent syncs over one cluster
     * (the apps of a wave) each report their own requests, and the cluster's total stays whole.
     */
    public ApiCallCounter child() {
        return new ApiCallCounter(this);
    }

    public void record(String verb) {
        counts.computeIfAbsent(verb, v -> new LongAdder()).increment();
        if (parent != null) {
            parent.record(verb);
        }
    }

    public long count(String verb) {
        LongAdder a = counts.get(verb);
        return a == null ? 0 : a.sum();
    }

    /** Requests that reached (or tried to reach) the server, retries included. */
    public long total() {
        return counts.entrySet().stream().filter(e -> !e.getKey().equals("retry")).mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Successful-or-not attempts at writes, dry runs excluded. */
    public long writes() {
        return WRITES.stream().mapToLong(this::count).sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
