package io.jenkins.plugins.gitops.policy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an Argo CD {@code AppProject} allows an app to deploy (its {@code spec} less roles, sync
 * windows and signature keys), with Argo CD's matching rules
 * ({@code pkg/apis/application/v1alpha1/app_project_types.go}):
 * <ul>
 * <li>a source repository is permitted when a {@code sourceRepos} glob matches its normalized URL
 *     and no deny pattern ({@code !https://git.example.com/secret/*}) excludes it;</li>
 * <li>a destination (cluster, namespace) when an entry matches its server or name and its
 *     namespace, and no deny entry ({@code namespace: '!kube-system'}) excludes it;</li>
 * <li>a cluster-scoped kind only when {@code clusterResourceWhitelist} lists it (empty: none) and
 *     {@code clusterResourceBlacklist} does not; a namespaced kind unless
 *     {@code namespaceResourceBlacklist} lists it or a present {@code namespaceResourceWhitelist}
 *     does not (absent: every kind; present and empty: none).</li>
 * </ul>
 *
 * @param name the project's {@code metadata.name}
 * @param namespaceResourceWhitelist empty Optional when the field is absent (every namespaced kind)
 */
public record AppProject(String name, List<String> sourceRepos, List<DestinationRule> destinations, List<KindRule> clusterResourceWhitelist,
                         List<KindRule> clusterResourceBlacklist, Optional<List<KindRule>> namespaceResourceWhitelist,
                         List<KindRule> namespaceResourceBlacklist) {

    private static final Pattern SCP_LIKE = Pattern.compile("^(ssh://)?([^/:]*?)@[^@]+$");

    public AppProject {
        Objects.requireNonNull(name, "name");
        sourceRepos = List.copyOf(sourceRepos);
        destinations = List.copyOf(destinations);
        clusterResourceWhitelist = List.copyOf(clusterResourceWhitelist);
        clusterResourceBlacklist = List.copyOf(clusterResourceBlacklist);
        namespaceResourceWhitelist = namespaceResourceWhitelist == null ? Optional.empty() : namespaceResourceWhitelist.map(List::copyOf);
        namespaceResourceBlacklist = List.copyOf(namespaceResourceBlacklist);
        for (String r : sourceRepos) {
            Glob.of(normalizeRepo(r.startsWith("!") ? r.substring(1) : r), '/');
        }
    }

    /** Whether an app may render {@code repoUrl}: a pattern matches it and no deny pattern excludes it. */
    public boolean sourcePermitted(String repoUrl) {
        String src = normalizeRepo(repoUrl);
        boolean any = false;
        for (String r : sourceRepos) {
            boolean deny = r.startsWith("!");
            String p = normalizeRepo(deny ? r.substring(1) : r);
            // as Argo CD: a deny pattern the source escapes counts as a match, one it falls under refuses
            boolean m = deny ? !Glob.of(p, '/').matches(src) : p.equals("*") || Glob.of(p, '/').matches(src);
            if (m) {
                any = true;
            } else if (deny) {
                return false;
            }
        }
        return any;
    }

    /**
     * Whether objects may go to {@code namespace} of the cluster known by {@code server} and/or
     * {@code clusterName}. One deviation from Argo CD, to the safe side: a namespace deny entry
     * applies when its cluster matches by name too, not only by server URL.
     */
    public boolean destinationPermitted(String server, String clusterName, String namespace) {
        boolean any = false;
        for (DestinationRule d : destinations) {
            boolean nameMatched = !clusterName.isEmpty() && match(d.name(), clusterName);
            boolean serverMatched = !server.isEmpty() && match(d.server(), server);
            boolean nsMatched = match(d.namespace(), namespace);
            if ((serverMatched || nameMatched) && nsMatched) {
                any = true;
            } else if ((!nameMatched && deny(d.name())) || (!serverMatched && deny(d.server())) && nsMatched) {
                return false;
            } else if (!nsMatched && deny(d.namespace()) && (serverMatched || nameMatched)) {
                return false;
            }
        }
        return any;
    }

    /** The entries that apply to a cluster (its server or name matches): what a refusal lists. */
    public List<DestinationRule> destinationsOf(String server, String clusterName) {
        return destinations.stream().filter(d -> (!clusterName.isEmpty() && !d.name().isEmpty() && (match(d.name(), clusterName) || deny(d.name())))
                || (!server.isEmpty() && !d.server().isEmpty() && (match(d.server(), server) || deny(d.server())))).toList();
    }

    /** Whether a kind may be deployed: cluster-scoped kinds need the whitelist, namespaced ones only escape the blacklist. */
    public boolean kindPermitted(String group, String kind, String objectName, boolean namespaced) {
        if (namespaced) {
            boolean white = namespaceResourceWhitelist.map(l -> l.stream().anyMatch(r -> r.matches(group, kind, ""))).orElse(true);
            return white && namespaceResourceBlacklist.stream().noneMatch(r -> r.matches(group, kind, ""));
        }
        return clusterResourceWhitelist.stream().anyMatch(r -> r.matches(group, kind, objectName))
                && clusterResourceBlacklist.stream().noneMatch(r -> r.matches(group, kind, objectName));
    }

    /** A project that allows everything, as Argo CD's {@code default} project as installed. */
    public static AppProject unrestricted(String name) {
        return new AppProject(name, List.of("*"), List.of(new DestinationRule("*", "*", "*")), List.of(new KindRule("*", "*")), List.of(),
                Optional.empty(), List.of());
    }

    private static boolean deny(String pattern) {
        return pattern.startsWith("!");
    }

    /** Argo CD's globMatch with negation: {@code !p} matches what {@code p} does not. */
    private static boolean match(String pattern, String value) {
        if (deny(pattern)) {
            return !Glob.of(pattern.substring(1), (char) 0).matches(value);
        }
        return pattern.equals("*") || Glob.of(pattern, (char) 0).matches(value);
    }

    /**
     * Argo CD's {@code git.NormalizeGitURL}: lower case, no {@code .git} suffix, and an SCP-like SSH
     * address ({@code git@host:org/repo}) written as {@code git@host/org/repo}, so the forms of one
     * repository compare equal.
     */
    public static String normalizeRepo(String repo) {
        String r = repo == null ? "" : repo.strip().toLowerCase(Locale.ROOT);
        boolean ssh = SCP_LIKE.matcher(r).matches();
        if (ssh && !r.startsWith("ssh://")) {
            r = "ssh://" + r.replaceFirst(":", "/");
        }
        if (r.endsWith(".git")) {
            r = r.substring(0, r.length() - 4);
        }
        return r.startsWith("ssh://") ? r.substring("ssh://".length()) : r;
    }
}
