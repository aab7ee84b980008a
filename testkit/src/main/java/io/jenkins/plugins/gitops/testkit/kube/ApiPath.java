package io.jenkins.plugins.gitops.testkit.kube;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A resource URL taken apart: {@code /api/v1/namespaces/ns/pods/name/status} or
 * {@code /apis/apps/v1/deployments}. Discovery paths are not resource paths.
 *
 * @param type        the served type
 * @param version     the version in the URL
 * @param namespace   the namespace in the URL, or null
 * @param name        the object's name, or null for collections
 * @param subresource {@code status}, {@code scale}, ... or null
 */
record ApiPath(ResourceType type, String version, String namespace, String name, String subresource) {

    /** Resolves a path, or empty when it is not a resource path; throws 404 for a resource nobody serves. */
    static Optional<ApiPath> parse(String path, ResourceTypes types) {
        List<String> s = Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toList();
        String group;
        String version;
        List<String> rest;
        if (s.size() >= 3 && s.get(0).equals("api")) {
            group = "";
            version = s.get(1);
            rest = s.subList(2, s.size());
        } else if (s.size() >= 4 && s.get(0).equals("apis")) {
            group = s.get(1);
            version = s.get(2);
            rest = s.subList(3, s.size());
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            Optional<ResourceType> namespaced = types.byPlural(group, version, rest.get(2));
            if (namespaced.isPresent() && namespaced.get().namespaced()) {
                namespace = rest.get(1);
                rest = rest.subList(2, rest.size());
            }
        }
        String plural = rest.get(0);
        ResourceType type = types.byPlural(group, version, plural).orElseThrow(() -> new ApiException(404, "NotFound",
                "the server could not find the requested resource (" + (group.isEmpty() ? "" : group + "/") + version + ", " + plural + ")"));
        if (rest.size() > 3) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        return Optional.of(new ApiPath(type, version, namespace, rest.size() > 1 ? rest.get(1) : null, rest.size() > 2 ? rest.get(2) : null));
    }
}
