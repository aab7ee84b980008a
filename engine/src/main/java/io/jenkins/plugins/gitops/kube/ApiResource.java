package io.jenkins.plugins.gitops.kube;

/**
 * One served kind, as discovery lists it: where its objects live in the REST API.
 *
 * @param group "" for the core group
 * @param version the version used to talk to it
 * @param kind e.g. {@code Deployment}
 * @param plural the URL segment, e.g. {@code deployments}
 * @param namespaced whether its objects live in namespaces
 */
public record ApiResource(String group, String version, String kind, String plural, boolean namespaced) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code /api/v1} or {@code /apis/apps/v1}. */
    public String basePath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** The collection path, in a namespace when given and the kind is namespaced, else across all. */
    public String collectionPath(String namespace) {
        return namespaced && namespace != null && !namespace.isEmpty()
                ? basePath() + "/namespaces/" + namespace + "/" + plural
                : basePath() + "/" + plural;
    }

    public String objectPath(String namespace, String name) {
        return collectionPath(namespace) + "/" + name;
    }
}
