package io.jenkins.plugins.gitops.policy;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The projects one sync must satisfy, and the cluster it writes to as they name it. Every project
 * must admit every object (an operator's ceiling and the project an Application names both apply).
 * The engine asks before its first write, dry runs included; a refusal lists every object refused,
 * each with the rule, and nothing is written.
 *
 * @param projects    the projects; all must admit
 * @param server      the API server URL of the destination as projects match it ("" when unknown)
 * @param clusterName the destination's name ({@code destination.name}, a Jenkins named cluster; "" when none)
 * @param inventoryNamespace where whoever set the policy keeps inventories: the engine's own state, written
 *        whatever the projects say ({@code gitops-system}); an inventory elsewhere must be a destination
 */
public record Policy(List<AppProject> projects, String server, String clusterName, String inventoryNamespace) {

    public Policy {
        projects = List.copyOf(projects);
        if (projects.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one project");
        }
        server = server == null ? "" : server;
        clusterName = clusterName == null ? "" : clusterName;
        inventoryNamespace = inventoryNamespace == null || inventoryNamespace.isEmpty() ? Defaults.INVENTORY_NAMESPACE : inventoryNamespace;
    }

    public static Policy of(AppProject project, String server, String clusterName) {
        return new Policy(List.of(project), server, clusterName, "");
    }

    /** The same projects, the inventory kept in {@code ns}. */
    public Policy withInventoryNamespace(String ns) {
        return new Policy(projects, server, clusterName, ns);
    }

    /** The same projects for another destination (an Application's). */
    public Policy at(String otherServer, String otherName) {
        return new Policy(projects, otherServer, otherName, inventoryNamespace);
    }

    /** Adds a project every object must also satisfy. */
    public Policy and(AppProject other) {
        List<AppProject> all = new ArrayList<>(projects);
        all.add(other);
        return new Policy(all, server, clusterName, inventoryNamespace);
    }

    /** Project names, for messages: {@code ml} or {@code ml+team}. */
    public String names() {
        return projects.stream().map(AppProject::name).collect(Collectors.joining("+"));
    }

    /**
     * Refuses, in one exception, every source and object outside the projects.
     *
     * @param sources the repositories the objects were rendered from; empty when unknown (a file):
     *                then only a project whose {@code sourceRepos} has {@code *} and no deny pattern admits them
     * @param checkSources false when the objects name no source to check (the stored manifests of a
     *                last-applied diff, a rollback to the entry of a manifests file)
     * @param applies  objects to create, update or dry-run (namespace "" = cluster-scoped)
     * @param deletes  objects to prune
     * @param appInventory where this sync keeps the app's inventory: the policy's inventory namespace,
     *                 or a destination of every project
     */
    public void check(List<String> sources, boolean checkSources, Collection<ResourceKey> applies, Collection<ResourceKey> deletes,
                      String appInventory) {
        List<String> refusals = new ArrayList<>();
        for (AppProject p : projects) {
            if (checkSources) {
                if (sources.isEmpty() && !(p.sourceRepos().contains("*") && p.sourceRepos().stream().noneMatch(r -> r.startsWith("!")))) {
                    refusals.add("source: the manifests name no source repository (a file), and project " + p.name()
                            + " admits only its sourceRepos (" + list(p.sourceRepos()) + ")");
                }
                for (String s : sources) {
                    if (!p.sourcePermitted(s)) {
                        refusals.add("source " + redact(s) + ": not a source repository of project " + p.name() + " (sourceRepos: " + list(p.sourceRepos()) + ")");
                    }
                }
            }
            for (ResourceKey k : applies) {
                refusal(p, k, "").ifPresent(refusals::add);
            }
            for (ResourceKey k : deletes) {
                refusal(p, k, "prune refused: ").ifPresent(refusals::add);
            }
            if (!appInventory.equals(inventoryNamespace) && !p.destinationPermitted(server, clusterName, appInventory)) {
                refusals.add("inventory ConfigMap/" + appInventory + ": namespace " + appInventory + " is neither the inventory namespace "
                        + inventoryNamespace + " nor a destination of project " + p.name() + " (" + destinationsText(p) + ")");
            }
        }
        if (!refusals.isEmpty()) {
            throw new PolicyException(refusals);
        }
    }

    /** Why {@code p} refuses the object, or empty. */
    java.util.Optional<String> refusal(AppProject p, ResourceKey k, String prefix) {
        boolean namespaced = !k.namespace().isEmpty();
        if (!p.kindPermitted(k.group(), k.kind(), k.name(), namespaced)) {
            String gk = new KindRule(k.group(), k.kind()).toString();
            String why;
            if (namespaced) {
                boolean black = p.namespaceResourceBlacklist().stream().anyMatch(r -> r.matches(k.group(), k.kind(), ""));
                why = black ? "kind " + gk + " is in project " + p.name() + "'s namespaceResourceBlacklist (" + list(p.namespaceResourceBlacklist()) + ")"
                        : "kind " + gk + " is not in project " + p.name() + "'s namespaceResourceWhitelist ("
                        + list(p.namespaceResourceWhitelist().orElse(List.of())) + ")";
            } else {
                boolean black = p.clusterResourceBlacklist().stream().anyMatch(r -> r.matches(k.group(), k.kind(), k.name()));
                why = black ? "cluster-scoped kind " + gk + " is in project " + p.name() + "'s clusterResourceBlacklist ("
                        + list(p.clusterResourceBlacklist()) + ")"
                        : "cluster-scoped kind " + gk + " is not in project " + p.name() + "'s clusterResourceWhitelist ("
                        + list(p.clusterResourceWhitelist()) + ")";
            }
            return java.util.Optional.of(k + ": " + prefix + why);
        }
        if (namespaced && !p.destinationPermitted(server, clusterName, k.namespace())) {
            return java.util.Optional.of(k + ": " + prefix + "namespace " + k.namespace() + " is not a destination of project " + p.name()
                    + " (" + destinationsText(p) + ")");
        }
        return java.util.Optional.empty();
    }

    private String destinationsText(AppProject p) {
        List<DestinationRule> here = p.destinationsOf(server, clusterName);
        if (here.isEmpty()) {
            return "none of its destinations is this cluster, " + cluster();
        }
        return "destinations: " + here.stream().map(DestinationRule::namespace).collect(Collectors.joining(", "));
    }

    private String cluster() {
        return server.isEmpty() ? "name " + clusterName : clusterName.isEmpty() ? "server " + server : "server " + server + ", name " + clusterName;
    }

    /** A URL as messages show it: without {@code user:token@}. */
    private static String redact(String url) {
        return url.replaceAll("(?i)^([a-z][a-z0-9+.-]*://)[^/@\\s]*@", "$1");
    }

    private static String list(List<?> items) {
        return items.isEmpty() ? "empty" : items.stream().map(Objects::toString).collect(Collectors.joining(", "));
    }
}
