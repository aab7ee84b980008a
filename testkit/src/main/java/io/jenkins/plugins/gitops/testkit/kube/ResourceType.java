package io.jenkins.plugins.gitops.testkit.kube;

import java.util.List;
import java.util.Locale;

/**
 * One served resource: what discovery lists and what the router resolves a path to.
 *
 * @param group       API group, "" for the core group
 * @param versions    served versions, the storage (preferred) version first
 * @param kind        e.g. {@code Deployment}
 * @param plural      URL segment, e.g. {@code deployments}
 * @param namespaced  whether objects live in a namespace
 * @param status      whether a {@code /status} subresource exists; if so, writes to the main
 *                    resource keep the stored status and status writes keep everything else
 * @param scale       whether a {@code /scale} subresource exists
 * @param shortNames  kubectl short names
 * @param crd         name of the defining CustomResourceDefinition, or null for built-in kinds
 */
public record ResourceType(String group, List<String> versions, String kind, String plural, boolean namespaced,
                           boolean status, boolean scale, List<String> shortNames, String crd) {

    public ResourceType {
        group = group == null ? "" : group;
        versions = List.copyOf(versions);
        shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException(kind + ": at least one version");
        }
    }

    public String singular() {
        return kind.toLowerCase(Locale.ROOT);
    }

    public String preferredVersion() {
        return versions.get(0);
    }

    public String apiVersion(String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean builtin() {
        return crd == null;
    }

    /** Key of the type in the store: objects are kept once per group and plural, whatever version served them. */
    public String storeKey() {
        return group.isEmpty() ? plural : plural + "." + group;
    }
}
