package io.jenkins.plugins.gitops.testkit.kube;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the emulated kubelet keeps of container logs: lines with their timestamps, by pod,
 * container and run (the current one, or the previous, terminated one). The kubelet simulator
 * writes it; {@code GET .../pods/{name}/log} reads it.
 */
public final class PodLogs {

    /** One log line as the container runtime stored it. */
    public record Line(Instant time, String text) {
    }

    private record Key(String namespace, String pod, String container, boolean previous) {
    }

    private final Map<Key, List<Line>> logs = new ConcurrentHashMap<>();

    /** Replaces the log of a container's current (or previous) run. */
    public void put(String namespace, String pod, String container, boolean previous, List<Line> lines) {
        logs.put(new Key(namespace, pod, container, previous), List.copyOf(lines));
    }

    public Optional<List<Line>> get(String namespace, String pod, String container, boolean previous) {
        return Optional.ofNullable(logs.get(new Key(namespace, pod, container, previous)));
    }

    /** Forgets every log of a pod (it was deleted). */
    public void remove(String namespace, String pod) {
        logs.keySet().removeIf(k -> k.namespace().equals(namespace) && k.pod().equals(pod));
    }
}
