package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps {@code apiVersion + kind} to where the kind is served (plural, namespaced), from the API
 * server's discovery documents. Group versions are read lazily, once each, and read again after
 * {@link #refresh(String)} (called when a CRD of that group becomes Established). Thread-safe.
 */
public final class ResourceResolver {

    /** Reads one discovery path; throws a {@link KubeApiException} with code 404 when not served. */
    @FunctionalInterface
    public interface Discovery {
        JsonNode get(String path);
    }

    private final Discovery discovery;
    /** Per group version: its kinds (none when not served), read once; threads that want one being read wait for that read. */
    private final Map<String, CompletableFuture<Map<String, ApiResource>>> byGroupVersion = new ConcurrentHashMap<>();

    public ResourceResolver(Discovery discovery) {
        this.discovery = discovery;
    }

    /** Where {@code kind} of {@code apiVersion} is served, or empty when the server does not serve it (yet). */
    public Optional<ApiResource> find(String apiVersion, String kind) {
        return Optional.ofNullable(load(apiVersion).get(kind));
    }

    /**
     * Starts reading the group versions of {@code apiVersions} on {@code executor}, each once, so
     * that the lookups that follow find them read or being read: a set's 25 group versions are read
     * at once, not one lookup after the other. A failed read is left for the lookup to meet.
     */
    public void preload(java.util.Collection<String> apiVersions, java.util.concurrent.Executor executor) {
        for (String apiVersion : new java.util.LinkedHashSet<>(apiVersions)) {
            if (!byGroupVersion.containsKey(apiVersion)) {
                try {
                    executor.execute(() -> {
                        try {
                            load(apiVersion);
                        } catch (RuntimeException e) {
                            // the lookup reads it again and fails with the server's words
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // the caller's pool is closing: lookups read for themselves
                }
            }
        }
    }

    /** Like {@link #find} but fails with a message naming the kind when it is not served. */
    public ApiResource resolve(String apiVersion, String kind) {
        return find(apiVersion, kind).orElseThrow(() -> new KubeApiException(kind + " (" + apiVersion
                + "): the API server does not serve this kind and no CustomResourceDefinition defines it", 404, "NotFound"));
    }

    /**
     * Every kind the server serves that can be listed and watched, each at its group's preferred
     * version (subresources left out): {@code /api/v1}, then {@code /apis} and one read per group.
     * Read afresh on every call, for the rare caller that must look at every kind.
     */
    public List<ApiResource> listable() {
        List<String> groupVersions = new ArrayList<>();
        groupVersions.add("v1");
        for (JsonNode g : discovery.get("/apis").path("groups")) {
            String gv = g.path("preferredVersion").path("groupVersion").asText("");
            if (!gv.isEmpty()) {
                groupVersions.add(gv);
            }
        }
        List<ApiResource> out = new ArrayList<>();
        for (String gv : groupVersions) {
            JsonNode doc;
            try {
                doc = discovery.get(gv.contains("/") ? "/apis/" + gv : "/api/" + gv);
            } catch (KubeApiException e) {
                if (e.notFound()) {
                    continue; // a group removed since /apis was read
                }
                throw e;
            }
            String group = ResourceKey.groupOf(gv);
            String version = gv.substring(gv.indexOf('/') + 1);
            for (JsonNode r : doc.path("resources")) {
                String name = r.path("name").asText();
                Set<String> verbs = new HashSet<>();
                r.path("verbs").forEach(v -> verbs.add(v.asText()));
                if (!name.contains("/") && verbs.contains("list") && verbs.contains("watch")) {
                    out.add(new ApiResource(group, version, r.path("kind").asText(), name, r.path("namespaced").asBoolean()));
                }
            }
        }
        return out;
    }

    /** Forgets what was read about {@code group}, so the next lookup asks the server again. */
    public void refresh(String group) {
        String prefix = group.isEmpty() ? "" : group + "/";
        byGroupVersion.keySet().removeIf(gv -> group.isEmpty() ? !gv.contains("/") : gv.startsWith(prefix));
    }

    /**
     * One group version's kinds, read once. Reads of different group versions run at once (an app
     * tree's first lookups ask for Kubeflow's 25 from several threads; one lock made them queue).
     */
    private Map<String, ApiResource> load(String apiVersion) {
        CompletableFuture<Map<String, ApiResource>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, ApiResource>> known = byGroupVersion.putIfAbsent(apiVersion, mine);
        if (known != null) {
            try {
                return known.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
        try {
            Map<String, ApiResource> kinds = read(apiVersion);
            mine.complete(kinds);
            return kinds;
        } catch (RuntimeException e) {
            byGroupVersion.remove(apiVersion, mine); // the next lookup asks again
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private Map<String, ApiResource> read(String apiVersion) {
        String group = ResourceKey.groupOf(apiVersion);
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String path = group.isEmpty() ? "/api/" + version : "/apis/" + apiVersion;
        JsonNode doc;
        try {
            doc = discovery.get(path);
        } catch (KubeApiException e) {
            if (e.notFound()) {
                return Map.of();
            }
            throw e;
        }
        Map<String, ApiResource> kinds = new HashMap<>();
        for (JsonNode r : doc.path("resources")) {
            String name = r.path("name").asText();
            if (name.contains("/")) {
                continue; // subresources such as deployments/status
            }
            kinds.putIfAbsent(r.path("kind").asText(), new ApiResource(group, version, r.path("kind").asText(), name, r.path("namespaced").asBoolean()));
        }
        return Map.copyOf(kinds);
    }
}
