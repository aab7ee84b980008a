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

    /**
     * A rule written as this project names kinds, the inverse of {@link #toString()}: {@code Deployment.apps}
     * is kind Deployment of group apps, {@code Namespace} a kind of the core group, {@code *.*} every kind of
     * every group ({@code *} alone is every kind of the core group only).
     */
    public static KindRule parse(String text) {
        String t = text.strip();
        int dot = t.indexOf('.');
        return dot < 0 ? new KindRule("", t) : new KindRule(t.substring(dot + 1), t.substring(0, dot));
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
