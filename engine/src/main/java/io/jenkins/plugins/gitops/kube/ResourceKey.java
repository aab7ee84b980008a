package io.jenkins.plugins.gitops.kube;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identity of one Kubernetes object in a desired or live set: group, kind, namespace, name.
 * The version is deliberately not part of it: {@code apps/v1} and {@code apps/v1beta2} name the
 * same object. Namespace is the empty string for cluster-scoped objects.
 */
public record ResourceKey(String group, String kind, String namespace, String name) implements Comparable<ResourceKey> {

    private static final Comparator<ResourceKey> ORDER = Comparator.comparing(ResourceKey::group)
            .thenComparing(ResourceKey::kind)
            .thenComparing(ResourceKey::namespace)
            .thenComparing(ResourceKey::name);

    public ResourceKey {
        group = group == null ? "" : group;
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The group of an {@code apiVersion}: {@code apps/v1} is {@code apps}, {@code v1} is the core group "". */
    public static String groupOf(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public boolean clusterScoped() {
        return namespace.isEmpty();
    }

    /** {@code Kind/namespace/name} or {@code Kind/name}, the way errors and reports name an object. */
    @Override
    public String toString() {
        String k = group.isEmpty() ? kind : kind + "." + group;
        return namespace.isEmpty() ? k + "/" + name : k + "/" + namespace + "/" + name;
    }

    @Override
    public int compareTo(ResourceKey o) {
        return ORDER.compare(this, o);
    }
}
