package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.policy.AppProject;
import io.jenkins.plugins.gitops.policy.AppProjectParser;
import io.jenkins.plugins.gitops.policy.Policy;
import io.jenkins.plugins.gitops.policy.PolicyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The projects of an app-of-apps tree: the AppProjects its apps render (Argo CD keeps them beside
 * the Applications), plus the one an operator gives ({@code --project}, a Jenkins named cluster's
 * restrictions). {@link #policyFor(App)} is what one app's sync must satisfy:
 * <ul>
 * <li>the given project, if any, for every app: a ceiling the tree cannot widen;</li>
 * <li>the project the Application names ({@code spec.project}), when the tree renders it or it is
 *     the given one;</li>
 * <li>an Application naming a project that is neither: refused, except {@code default} without a
 *     given project, which is unrestricted as Argo CD's default project is when installed.</li>
 * </ul>
 * Destinations match the Application's {@code spec.destination} (its server, or its name), as Argo
 * CD matches them; an app without one is taken to go to the cluster's own server URL.
 */
public final class AppProjects {

    private final Map<String, AppProject> inTree;
    private final Optional<AppProject> given;
    private final List<AppProject> ceilings;
    private final String clusterServer;
    private final String inventoryNamespace;

    private AppProjects(Map<String, AppProject> inTree, Optional<AppProject> given, List<AppProject> ceilings, String clusterServer,
                        String inventoryNamespace) {
        this.inTree = inTree;
        this.given = given;
        this.ceilings = List.copyOf(ceilings);
        this.clusterServer = clusterServer == null ? "" : clusterServer;
        this.inventoryNamespace = inventoryNamespace;
    }

    /**
     * @param tree the expanded tree; its AppProject objects are read (an invalid one is an error naming it and the app)
     * @param given the operator's project, or empty
     * @param clusterServer the API server URL of the cluster the sync writes to
     * @param inventoryNamespace where the operator keeps inventories (written whatever the projects say)
     */
    public static AppProjects of(List<AppRender> tree, Optional<AppProject> given, String clusterServer, String inventoryNamespace) {
        Map<String, AppProject> found = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (AppRender r : tree) {
            for (KubeObject o : r.objects()) {
                if (!AppProjectParser.isAppProject(o)) {
                    continue;
                }
                AppProject p = AppProjectParser.parse(o, "app " + r.app().name() + ": " + o.key());
                AppProject before = found.putIfAbsent(p.name(), p);
                if (before != null && !before.equals(p)) {
                    throw new PolicyException("AppProject " + p.name() + ": rendered differently by app " + from.get(p.name()) + " and by app " + r.app().name());
                }
                from.putIfAbsent(p.name(), r.app().name());
            }
        }
        return new AppProjects(found, given, List.of(), clusterServer, inventoryNamespace);
    }

    /**
     * The same, with a project every app must also satisfy that no Application names (a Jenkins named
     * cluster's restrictions): unlike a given project it leaves {@code default} unrestricted but for itself.
     */
    public AppProjects withCeiling(AppProject ceiling) {
        List<AppProject> all = new java.util.ArrayList<>(ceilings);
        all.add(ceiling);
        return new AppProjects(inTree, given, all, clusterServer, inventoryNamespace);
    }

    /** Whether an object is an AppProject (configuration for this engine, not applied to the cluster). */
    public static boolean isAppProject(KubeObject o) {
        return AppProjectParser.isAppProject(o);
    }

    /** The projects found in the tree, by name. */
    public Map<String, AppProject> inTree() {
        return Map.copyOf(inTree);
    }

    /** The policy of one app; empty when unrestricted; a {@link PolicyException} naming the app and project when it names an unknown one. */
    public Optional<Policy> policyFor(App app) {
        Destination d = app.destination();
        String server = !d.server().isEmpty() ? d.server() : d.name().isEmpty() ? clusterServer : "";
        Optional<AppProject> named = Optional.ofNullable(inTree.get(app.project()))
                .or(() -> given.filter(g -> g.name().equals(app.project())));
        boolean unrestrictedDefault = named.isEmpty() && given.isEmpty() && app.project().equals("default");
        if (named.isEmpty() && !unrestrictedDefault) {
            throw new PolicyException("Application " + app.name() + ": project " + app.project() + " is neither in the rendered tree"
                    + (inTree.isEmpty() ? "" : " (it has: " + String.join(", ", inTree.keySet()) + ")")
                    + given.map(g -> " nor the given project " + g.name()).orElse("")
                    + (given.isEmpty() ? " (only the default project is unrestricted, and only when no project is given)" : ""));
        }
        List<AppProject> projects = new java.util.ArrayList<>(ceilings);
        given.ifPresent(projects::add);
        named.filter(n -> !projects.contains(n)).ifPresent(projects::add);
        if (projects.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Policy(projects, server, d.name(), inventoryNamespace));
    }
}
