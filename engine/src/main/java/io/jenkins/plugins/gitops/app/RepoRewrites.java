package io.jenkins.plugins.gitops.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Points Applications at a fork or a local mirror without editing their files: each rule replaces
 * a URL prefix of {@code spec.source(s).repoURL} ({@code FROM=TO}), what argoflow's setup script
 * does with sed. A prefix matches at a path boundary (the rest of the URL is empty, starts with
 * {@code /}, or the prefix itself ends with {@code /}); the longest matching prefix wins. As Argo CD
 * treats {@code repo} and {@code repo.git} as one repository, a rest of exactly {@code .git} is dropped.
 */
public record RepoRewrites(List<Rule> rules) {

    /** One {@code FROM=TO} prefix rule. */
    public record Rule(String from, String to) {
        public Rule {
            if (from == null || from.isBlank()) {
                throw new AppException("repo rewrite: the URL prefix to replace is empty (write FROM=TO)");
            }
            if (to == null || to.isBlank()) {
                throw new AppException("repo rewrite " + from + "=: the replacement is empty (write FROM=TO)");
            }
            from = from.strip();
            to = to.strip();
        }

        /** The rewritten URL, or null when this rule does not apply. */
        String apply(String url) {
            if (!url.startsWith(from)) {
                return null;
            }
            String rest = url.substring(from.length());
            if (rest.equals(".git") || rest.equals(".git/")) {
                return to;
            }
            if (rest.isEmpty() || rest.startsWith("/") || from.endsWith("/")) {
                return to + rest;
            }
            return null;
        }
    }

    public RepoRewrites {
        rules = List.copyOf(rules == null ? List.of() : rules);
    }

    public static RepoRewrites none() {
        return new RepoRewrites(List.of());
    }

    /** Rules written as {@code FROM=TO} (the CLI's {@code --repo-rewrite}, the plugin's {@code repoRewrites} lines). */
    public static RepoRewrites parse(List<String> specs) {
        List<Rule> rules = new ArrayList<>();
        for (String s : specs == null ? List.<String>of() : specs) {
            if (s == null || s.isBlank()) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new AppException("repo rewrite '" + s + "': expected FROM=TO (a URL prefix and its replacement)");
            }
            rules.add(new Rule(s.substring(0, eq), s.substring(eq + 1)));
        }
        return new RepoRewrites(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The URL after the longest matching rule; the URL itself when none matches. */
    public String apply(String url) {
        return rules.stream().sorted(Comparator.comparingInt((Rule r) -> r.from().length()).reversed())
                .map(r -> r.apply(url)).filter(java.util.Objects::nonNull).findFirst().orElse(url);
    }

    /** The app with every source's repoURL rewritten (the same app when no rule applies). */
    public App apply(App app) {
        if (rules.isEmpty()) {
            return app;
        }
        List<AppSource> sources = app.sources().stream()
                .map(s -> new AppSource(apply(s.repoURL()), s.path(), s.targetRevision(), s.chart(), s.ref(), s.spec())).toList();
        return sources.equals(app.sources()) ? app : new App(app.name(), app.namespace(), sources, app.destination(), app.syncOptions());
    }
}
