package io.jenkins.plugins.gitops.policy;

/**
 * One entry of a resource white- or blacklist: API group and kind globs (as Go's
 * {@code filepath.Match}, which Argo CD uses: {@code *} does not cross {@code /}), and for
 * cluster-scoped lists an optional object name glob ("" for every name).
 */
public record KindRule(String group, String kind, String name) {

    public KindRule {
        group = group == null ? "" : group;
        kind = kind == null ? "" : kind;
        name = name == null ? "" : name;
        Glob.of(group, '/');
        Glob.of(kind, '/');
        Glob.of(name, '/');
    }

    public KindRule(String group, String kind) {
        this(group, kind, "");
    }

    boolean matches(String g, String k, String n) {
        return Glob.of(kind, '/').matches(k) && Glob.of(group, '/').matches(g) && (name.isEmpty() || Glob.of(name, '/').matches(n));
    }

    /** {@code Deployment.apps}, {@code *.*}, {@code Namespace} (the core group has no suffix). */
    @Override
    public String toString() {
        return kind + (group.isEmpty() ? "" : "." + group) + (name.isEmpty() ? "" : "/" + name);
    }
}
