package io.jenkins.plugins.gitops.plugin.cluster;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.policy.AppProject;
import io.jenkins.plugins.gitops.policy.DestinationRule;
import io.jenkins.plugins.gitops.policy.KindRule;
import io.jenkins.plugins.gitops.policy.Policy;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * What a named cluster lets a job deploy, in transit to where the work runs (plain strings: the
 * engine's {@link Policy} is built there). It is the cluster's own Argo CD project, named after it:
 * destinations are namespaces of this cluster (whatever a job's Application calls it), cluster-scoped
 * kinds need the allow list, namespaced kinds escape the deny list, and sources must match
 * {@code sourceRepos}.
 *
 * @param cluster        the named cluster, which names the project in refusals
 * @param namespaces     namespace globs, {@code !} to deny; empty for every namespace
 * @param clusterKinds   allowed cluster-scoped kinds as {@code Kind.group} globs ({@code Namespace},
 *                       {@code ClusterRole.rbac.authorization.k8s.io}); empty for every kind ({@code none}, a kind no API
 *                       serves, allows none)
 * @param deniedKinds    denied namespaced kinds, {@code Kind.group} globs ({@code ResourceQuota}, {@code *.networking.k8s.io})
 * @param sourceRepos    repository URL globs; empty for any source, manifests files included
 */
public record ClusterRestrictions(String cluster, List<String> namespaces, List<String> clusterKinds, List<String> deniedKinds,
        List<String> sourceRepos) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where a named cluster's inventories live: the engine's state, written whatever the namespaces say. */
    public static final String INVENTORY_NAMESPACE = Defaults.INVENTORY_NAMESPACE;

    public ClusterRestrictions {
        namespaces = List.copyOf(namespaces);
        clusterKinds = List.copyOf(clusterKinds);
        deniedKinds = List.copyOf(deniedKinds);
        sourceRepos = List.copyOf(sourceRepos);
    }

    /** The cluster's project; an {@link IllegalArgumentException} naming the field for a pattern that does not compile. */
    public AppProject project() {
        List<String> ns = namespaces.isEmpty() ? List.of("*") : namespaces;
        return new AppProject(cluster, sourceRepos.isEmpty() ? List.of("*") : sourceRepos,
                // the project belongs to this cluster: any server URL or name an Application gives it is this cluster
                ns.stream().map(n -> field("namespaces", () -> new DestinationRule("*", "*", n))).toList(),
                (clusterKinds.isEmpty() ? List.of("*.*") : clusterKinds).stream().map(k -> field("clusterKinds", () -> kind(k))).toList(),
                List.of(), Optional.empty(),
                deniedKinds.stream().map(k -> field("deniedKinds", () -> kind(k))).toList());
    }

    /** The engine's policy for a sync of this cluster. */
    Policy policy() {
        return Policy.of(project(), "", cluster).withInventoryNamespace(INVENTORY_NAMESPACE);
    }

    /** {@code Deployment.apps} is kind Deployment of group apps; {@code Namespace} the core group's; {@code *.*} every kind. */
    static KindRule kind(String text) {
        return KindRule.parse(text);
    }

    private static <T> T field(String name, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
