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
 * <li>a source repository is permitted when an allow pattern of {@code sourceRepos} matches its
 *     normalized URL and no deny pattern ({@code !https://git.example.com/secret/*}) does;</li>
 * <li>a destination (cluster, namespace) when an allow entry matches its server or name and its
 *     namespace, and no deny entry ({@code namespace: '!kube-system'}) rejects it;</li>
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
    private static final Pattern HTTP_USERINFO = Pattern.compile("^(https?://)[^/@]*@");

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

    /** Whether an app may render {@code repoUrl}: an allow pattern matches it and no deny pattern does. */
    public boolean sourcePermitted(String repoUrl) {
        String src = normalizeRepo(repoUrl);
        boolean any = false;
        for (String r : sourceRepos) {
            boolean deny = deny(r);
            String p = normalizeRepo(deny ? r.substring(1) : r);
            boolean m = p.equals("*") || Glob.of(p, '/').matches(src);
            if (deny && m) {
                return false;
            }
            any |= !deny && m;
        }
        return any;
    }

    /**
     * Whether objects may go to {@code namespace} of the cluster known by {@code server} and/or
     * {@code clusterName}: an allow entry (no {@code !}) matches the cluster and the namespace, and no
     * deny entry rejects them (a deny entry rejects what all its fields match, a {@code !field} by its
     * pattern without the {@code !}). This is the rule Argo CD documents (user-guide/projects.md); its
     * code also counts a deny entry a destination escapes as an allow, so that a project listing only
     * {@code !kube-system} would admit every other namespace: here only allow entries admit.
     */
    public boolean destinationPermitted(String server, String clusterName, String namespace) {
        boolean any = false;
        for (DestinationRule d : destinations) {
            if (isDeny(d)) {
                if (clusterOf(d, server, clusterName) && glob(strip(d.namespace())).matches(namespace)) {
                    return false;
                }
            } else if (clusterOf(d, server, clusterName) && glob(d.namespace()).matches(namespace)) {
                any = true;
            }
        }
        return any;
    }

    /** The entries about a cluster (allow and deny): what a refusal lists. */
    public List<DestinationRule> destinationsOf(String server, String clusterName) {
        return destinations.stream().filter(d -> clusterOf(d, server, clusterName)).toList();
    }

    private static boolean isDeny(DestinationRule d) {
        return deny(d.server()) || deny(d.name()) || deny(d.namespace());
    }

    /** Whether the entry's server or name pattern (without its {@code !}) matches the cluster. */
    private static boolean clusterOf(DestinationRule d, String server, String clusterName) {
        return (!server.isEmpty() && !d.server().isEmpty() && glob(strip(d.server())).matches(server))
                || (!clusterName.isEmpty() && !d.name().isEmpty() && glob(strip(d.name())).matches(clusterName));
    }

    private static String strip(String pattern) {
        return deny(pattern) ? pattern.substring(1) : pattern;
    }

    private static Glob glob(String pattern) {
        return Glob.of(pattern, (char) 0);
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

    /**
     * Argo CD's {@code git.NormalizeGitURL}: lower case, no {@code .git} suffix, and an SCP-like SSH
     * address ({@code git@host:org/repo}) written as {@code git@host/org/repo}, so the forms of one
     * repository compare equal; and, unlike Argo CD, an HTTP(S) URL without its {@code user:token@} (the
     * token does not change the repository, and a pattern should not have to name it).
     */
    public static String normalizeRepo(String repo) {
        String r = HTTP_USERINFO.matcher(repo == null ? "" : repo.strip().toLowerCase(Locale.ROOT)).replaceFirst("$1");
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
