package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    private final Map<String, Map<String, ApiResource>> byGroupVersion = new HashMap<>();
    private final Set<String> missingGroupVersions = new HashSet<>();

    public ResourceResolver(Discovery discovery) {
        this.discovery = discovery;
    }

    /** Where {@code kind} of {@code apiVersion} is served, or empty when the server does not serve it (yet). */
    public Optional<ApiResource> find(String apiVersion, String kind) {
        return Optional.ofNullable(load(apiVersion).get(kind));
    }

    /** Like {@link #find} but fails with a message naming the kind when it is not served. */
    public ApiResource resolve(String apiVersion, String kind) {
        return find(apiVersion, kind).orElseThrow(() -> new KubeApiException(kind + " (" + apiVersion
                + "): the API server does not serve this kind and no CustomResourceDefinition defines it", 404, "NotFound"));
    }

    /** Forgets what was read about {@code group}, so the next lookup asks the server again. */
    public synchronized void refresh(String group) {
        String prefix = group.isEmpty() ? "" : group + "/";
        byGroupVersion.keySet().removeIf(gv -> group.isEmpty() ? !gv.contains("/") : gv.startsWith(prefix));
        missingGroupVersions.removeIf(gv -> group.isEmpty() ? !gv.contains("/") : gv.startsWith(prefix));
    }

    private synchronized Map<String, ApiResource> load(String apiVersion) {
        Map<String, ApiResource> known = byGroupVersion.get(apiVersion);
        if (known != null) {
            return known;
        }
        if (missingGroupVersions.contains(apiVersion)) {
            return Map.of();
        }
        String group = ResourceKey.groupOf(apiVersion);
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String path = group.isEmpty() ? "/api/" + version : "/apis/" + apiVersion;
        JsonNode doc;
        try {
            doc = discovery.get(path);
        } catch (KubeApiException e) {
            if (e.notFound()) {
                missingGroupVersions.add(apiVersion);
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
        byGroupVersion.put(apiVersion, kinds);
        return kinds;
    }
}
