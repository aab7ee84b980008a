package io.jenkins.plugins.gitops.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an Argo CD {@code AppProject} ({@code argoproj.io/v1alpha1}) into an {@link AppProject}.
 * Errors name the file (or object) and the field ({@code project.yaml: spec.destinations[1].namespace:
 * expected a string}). Fields that restrict in Argo CD but that this engine does not enforce (sync
 * windows, signature keys, source integrity, project-scoped clusters, service account impersonation)
 * are refused rather than dropped, because ignoring them would allow what Argo CD denies; fields
 * about Argo CD's own users and UI (roles, description, orphaned-resource warnings, the namespaces
 * Applications may live in) do not bear on what a sync writes and are accepted.
 */
public final class AppProjectParser {

    private static final Set<String> ENFORCED = Set.of("sourceRepos", "destinations", "clusterResourceWhitelist", "clusterResourceBlacklist",
            "namespaceResourceWhitelist", "namespaceResourceBlacklist");
    private static final Set<String> NOT_ABOUT_WRITES = Set.of("description", "roles", "orphanedResources", "sourceNamespaces");
    private static final Set<String> DESTINATION_FIELDS = Set.of("server", "name", "namespace");
    private static final Set<String> KIND_FIELDS = Set.of("group", "kind");
    private static final Set<String> NAMED_KIND_FIELDS = Set.of("group", "kind", "name");

    private AppProjectParser() {
    }

    public static boolean isAppProject(KubeObject o) {
        return "argoproj.io".equals(o.group()) && "AppProject".equals(o.kind());
    }

    /** The one AppProject of a file (other documents are an error: a policy file holds one project). */
    public static AppProject parse(String yaml, String file) {
        List<RenderedObject> objects = ManifestParser.parse(yaml, file);
        List<KubeObject> projects = new ArrayList<>();
        for (RenderedObject o : objects) {
            if (!isAppProject(o.object())) {
                throw new PolicyException(file + ": " + o.object().key() + " is not an Argo CD AppProject (apiVersion argoproj.io/v1alpha1, kind AppProject)");
            }
            projects.add(o.object());
        }
        if (projects.size() != 1) {
            throw new PolicyException(file + ": expected one AppProject, found " + projects.size());
        }
        return parse(projects.get(0), file);
    }

    /** An AppProject object (of a file, or rendered in an app-of-apps tree); {@code where} names it in errors. */
    public static AppProject parse(KubeObject o, String where) {
        String at = where + ": ";
        if (!o.apiVersion().equals("argoproj.io/v1alpha1")) {
            throw new PolicyException(at + "apiVersion " + o.apiVersion() + " is not argoproj.io/v1alpha1");
        }
        JsonNode spec = o.at("/spec");
        if (!spec.isObject()) {
            throw new PolicyException(at + "spec: expected a mapping");
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("permitOnlyProjectScopedClusters") && !spec.path(f).asBoolean(false)) {
                continue;
            }
            if (!ENFORCED.contains(f) && !NOT_ABOUT_WRITES.contains(f)) {
                throw new PolicyException(at + "spec." + f + " is not supported: this engine enforces only sourceRepos, destinations and the"
                        + " resource white- and blacklists, and would allow what the field denies");
            }
        }
        List<String> repos = strings(spec.path("sourceRepos"), at + "spec.sourceRepos");
        List<DestinationRule> destinations = new ArrayList<>();
        int i = 0;
        for (JsonNode d : array(spec.path("destinations"), at + "spec.destinations")) {
            String p = at + "spec.destinations[" + i++ + "]";
            fields(d, DESTINATION_FIELDS, p);
            String server = text(d, "server", p);
            String name = text(d, "name", p);
            if (server.isEmpty() && name.isEmpty()) {
                throw new PolicyException(p + ": give server or name (a glob, * for every cluster)");
            }
            destinations.add(rule(() -> new DestinationRule(server, name, text(d, "namespace", p)), p));
        }
        Optional<List<KindRule>> nsWhite = spec.has("namespaceResourceWhitelist") && !spec.path("namespaceResourceWhitelist").isNull()
                ? Optional.of(kinds(spec.path("namespaceResourceWhitelist"), at + "spec.namespaceResourceWhitelist", false)) : Optional.empty();
        try {
            return new AppProject(o.name(), repos, destinations, kinds(spec.path("clusterResourceWhitelist"), at + "spec.clusterResourceWhitelist", true),
                    kinds(spec.path("clusterResourceBlacklist"), at + "spec.clusterResourceBlacklist", true), nsWhite,
                    kinds(spec.path("namespaceResourceBlacklist"), at + "spec.namespaceResourceBlacklist", false));
        } catch (IllegalArgumentException e) {
            throw new PolicyException(at + "spec.sourceRepos: " + e.getMessage());
        }
    }

    private static List<KindRule> kinds(JsonNode list, String at, boolean named) {
        List<KindRule> out = new ArrayList<>();
        int i = 0;
        for (JsonNode k : array(list, at)) {
            String p = at + "[" + i++ + "]";
            fields(k, named ? NAMED_KIND_FIELDS : KIND_FIELDS, p);
            if (!k.has("kind")) {
                throw new PolicyException(p + ".kind is required (* for every kind)");
            }
            out.add(rule(() -> new KindRule(text(k, "group", p), text(k, "kind", p), named ? text(k, "name", p) : ""), p));
        }
        return out;
    }

    private static <T> T rule(java.util.function.Supplier<T> make, String at) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new PolicyException(at + ": " + e.getMessage());
        }
    }

    private static void fields(JsonNode n, Set<String> known, String at) {
        if (!n.isObject()) {
            throw new PolicyException(at + ": expected a mapping");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new PolicyException(at + "." + f + ": unknown field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static Iterable<JsonNode> array(JsonNode n, String at) {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new PolicyException(at + ": expected a list");
        }
        return n;
    }

    private static List<String> strings(JsonNode n, String at) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode s : array(n, at)) {
            if (!s.isTextual()) {
                throw new PolicyException(at + "[" + i + "]: expected a string");
            }
            out.add(s.asText());
            i++;
        }
        return out;
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new PolicyException(at + "." + field + ": expected a string");
        }
        return v.asText();
    }
}
