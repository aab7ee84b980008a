package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.render.KustomizeVersions;
import io.jenkins.plugins.gitops.sync.Annotations;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.render.chart.ChartCredentials;
import io.jenkins.plugins.gitops.render.chart.ChartSource;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.source.GitSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.source.Checkout;

/**
 * Renders an app and, app-of-apps style, every Argo CD Application its render contains, depth
 * first in render order: the shape of a repository built for Argo CD (one root Application that
 * deploys all the others) runs unchanged. Each app is its own, as in Argo CD's controller: one that
 * cannot be rendered (Git unreachable, a bad Application, a render error) is returned with its error
 * (and without children) and its siblings are still rendered. An app reached again along its own
 * ancestry is a cycle, reported on the app that closes it with the chain; an app name seen twice
 * anywhere in the tree is an error on the second one, as two Applications with one name cannot
 * coexist in Argo CD's namespace. {@link RepoRewrites} point every Application at a fork or mirror.
 */
public final class AppExpander {

    /**
     * How deep app-of-apps may nest (the root is depth 0) before a tree is taken for runaway: the
     * one limit of every face. Argo CD has none (each Application is reconciled on its own), but a
     * tree expanded in one call needs one; ten levels is far beyond any tree built by hand.
     */
    public static final int MAX_DEPTH = 10;

    private final RenderService renderer;
    private final Function<String, GitCredentials> credentials;
    private final Function<String, ChartCredentials> chartCredentials;
    private final int maxDepth;
    private final RepoRewrites rewrites;
    private final KustomizeVersions kustomizeVersions;
    private final int parallel;

    /** Apps rendered at once, unless told otherwise. */
    public static final int DEFAULT_PARALLEL = AppTreeSync.DEFAULT_PARALLEL;

    /**
     * Chart repositories are reached anonymously.
     *
     * @param credentials the credentials for a repository URL ({@link GitCredentials#none()} when none)
     * @param maxDepth how deep app-of-apps may nest before it is treated as runaway
     */
    public AppExpander(RenderService renderer, Function<String, GitCredentials> credentials, int maxDepth) {
        this(renderer, credentials, url -> ChartCredentials.none(), maxDepth);
    }

    /**
     * Nesting up to {@link #MAX_DEPTH}.
     *
     * @param credentials the credentials for a Git repository URL ({@link GitCredentials#none()} when none)
     * @param chartCredentials the credentials for a chart repository URL ({@link ChartCredentials#none()} when none)
     */
    public AppExpander(RenderService renderer, Function<String, GitCredentials> credentials,
            Function<String, ChartCredentials> chartCredentials) {
        this(renderer, credentials, chartCredentials, MAX_DEPTH);
    }

    /**
     * @param credentials the credentials for a Git repository URL ({@link GitCredentials#none()} when none)
     * @param chartCredentials the credentials for a chart repository URL ({@link ChartCredentials#none()} when none)
     * @param maxDepth how deep app-of-apps may nest before it is treated as runaway
     */
    public AppExpander(RenderService renderer, Function<String, GitCredentials> credentials,
            Function<String, ChartCredentials> chartCredentials, int maxDepth) {
        this.renderer = renderer;
        this.credentials = credentials;
        this.chartCredentials = chartCredentials;
        this.maxDepth = maxDepth;
        this.rewrites = RepoRewrites.none();
        this.kustomizeVersions = KustomizeVersions.none();
        this.parallel = 1;
    }

    private AppExpander(AppExpander base, RepoRewrites rewrites, KustomizeVersions versions, int parallel) {
        this.renderer = base.renderer;
        this.credentials = base.credentials;
        this.chartCredentials = base.chartCredentials;
        this.maxDepth = base.maxDepth;
        this.rewrites = rewrites;
        this.kustomizeVersions = versions;
        this.parallel = Math.max(1, parallel);
    }

    /** The same expander, rewriting every Application's repoURLs (roots and children) before rendering. */
    public AppExpander withRepoRewrites(RepoRewrites r) {
        return new AppExpander(this, r == null ? RepoRewrites.none() : r, kustomizeVersions, parallel);
    }

    /** The same expander, rendering {@code kustomize.version} with the binaries configured per version. */
    public AppExpander withKustomizeVersions(KustomizeVersions v) {
        return new AppExpander(this, rewrites, v == null ? KustomizeVersions.none() : v, parallel);
    }

    /**
     * The same expander, rendering up to {@code n} apps at once: the children of an app render
     * together as soon as their parent has rendered (1, the default: one after the other). The tree,
     * its order and its errors are the same either way: only where the renders run changes.
     */
    public AppExpander withParallel(int n) {
        return new AppExpander(this, rewrites, kustomizeVersions, n);
    }

    /** The trees of several roots, one after the other (each its own names: as before, a name may recur across roots). */
    public List<AppRender> expandAll(List<App> roots) {
        try (Run run = new Run()) {
            List<App> apps = roots.stream().map(rewrites::apply).toList();
            List<Supplier<Rendered>> renders = apps.stream().map(run::render).toList();
            List<AppRender> out = new ArrayList<>();
            for (int i = 0; i < apps.size(); i++) {
                visit(run, apps.get(i), renders.get(i), "", new ArrayDeque<>(), new HashSet<>(), out);
            }
            return out;
        }
    }

    public List<AppRender> expand(App root) {
        return expandAll(List.of(root));
    }

    /** An app's sources rendered, or why not. */
    private record Rendered(List<RenderedSet> sets, List<String> warnings, String error, boolean cacheHit) {
    }

    /**
     * One expansion: the renders it runs (on a pool when parallel, else when asked for) and the
     * checkouts its apps share. Apps of one repository and revision (27 Kubeflow components in one
     * repository at {@code main}) check it out once, so they render one commit: the branch resolves
     * once per expansion, as Argo CD's repo-server resolves it once and caches the answer.
     */
    private final class Run implements AutoCloseable {

        private final ExecutorService pool = parallel <= 1 ? null : Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "gitops-render-apps");
            t.setDaemon(true);
            return t;
        });
        private final Map<String, CompletableFuture<Checkout>> checkouts = new ConcurrentHashMap<>();

        /** Starts (parallel) or defers (sequential) the render of an app; the supplier gives its outcome. */
        Supplier<Rendered> render(App app) {
            if (pool == null) {
                Rendered[] memo = new Rendered[1];
                return () -> memo[0] != null ? memo[0] : (memo[0] = renderSources(this, app));
            }
            CompletableFuture<Rendered> f = CompletableFuture.supplyAsync(() -> renderSources(this, app), pool);
            return () -> join(f);
        }

        Checkout checkout(GitSource source) {
            String key = source.url() + "\n" + source.revision() + "\n" + source.shallow();
            CompletableFuture<Checkout> mine = new CompletableFuture<>();
            CompletableFuture<Checkout> f = checkouts.putIfAbsent(key, mine);
            if (f == null) {
                try {
                    mine.complete(renderer.checkout(source));
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                }
                f = mine;
            }
            return join(f);
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private void visit(Run run, App app, Supplier<Rendered> render, String parent, Deque<String> chain, Set<String> seen, List<AppRender> out) {
        String identity = identity(app);
        if (chain.contains(identity)) {
            List<String> names = new ArrayList<>(chain);
            java.util.Collections.reverse(names);
            names.add(identity);
            out.add(failed(app, parent, chain.size(), "app-of-apps cycle: " + String.join(" -> ", names)));
            return;
        }
        if (!seen.add(app.name())) {
            out.add(failed(app, parent, chain.size(), "defined more than once in the app-of-apps tree (again under " + parent + ")"));
            return;
        }
        if (chain.size() >= maxDepth) {
            out.add(failed(app, parent, chain.size(), "app-of-apps nested deeper than " + maxDepth + " levels"));
            return;
        }
        Rendered r = render.get();
        if (!r.error().isEmpty()) {
            out.add(new AppRender(app, parent, chain.size(), List.of(), named(app, r.error()), r.warnings()));
            return;
        }
        AppRender rendered = new AppRender(app, parent, chain.size(), r.sets(), "", r.warnings(), r.cacheHit());
        out.add(rendered);
        chain.push(identity);
        // Argo CD applies a parent's Application objects in sync-wave order (then by name), and
        // the children sync in that order: a CRD-providing app in an earlier wave comes first
        List<KubeObject> children = new ArrayList<>(rendered.objects().stream().filter(ApplicationParser::isApplication).toList());
        children.sort(java.util.Comparator.comparingInt(Annotations::wave).thenComparing(KubeObject::name));
        // every child's render starts now (in parallel when asked); the checks below, made in tree order, decide which
        // renders are used: one of a child that turns out to be a duplicate or a cycle is dropped
        List<Child> parsed = new ArrayList<>();
        for (KubeObject obj : children) {
            try {
                App child = rewrites.apply(ApplicationParser.parse(obj));
                parsed.add(new Child(child, run.render(child), null));
            } catch (GitopsException e) {
                String message = e.getMessage().startsWith(obj.key() + ": ") ? e.getMessage().substring(obj.key().toString().length() + 2) : e.getMessage();
                parsed.add(new Child(null, null, failed(rewrites.apply(placeholder(obj)), app.name(), chain.size(), message)));
            }
        }
        for (Child c : parsed) {
            if (c.unparsed() != null) {
                out.add(c.unparsed());
            } else {
                visit(run, c.app(), c.render(), app.name(), chain, seen, out);
            }
        }
        chain.pop();
    }

    /** A child Application of a rendered app: parsed, its render under way; or the error of one that does not parse. */
    private record Child(App app, Supplier<Rendered> render, AppRender unparsed) {
    }

    /** Renders every manifest-producing source of an app; a GitopsException becomes the app's error. */
    private Rendered renderSources(Run run, App app) {
        List<RenderedSet> sets = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean allCached = true;
        try {
            int i = 0;
            for (AppSource s : app.sources()) {
                String field = app.sources().size() == 1 ? "spec.source" : "spec.sources[" + i + "]";
                i++;
                if (!s.rendersManifests()) {
                    continue;
                }
                // an app's sources may each be empty (Argo CD accepts that); whether the app as a whole may be is AppTreeSync's call
                RenderSpec spec = withRefRoots(run, app, s).withAllowEmpty(true);
                KustomizeVersions.Resolved k = kustomizeVersions.resolve(spec.kustomize(), "Application " + app.name() + ": " + field + ".kustomize.version");
                if (!k.warning().isEmpty()) {
                    warnings.add(k.warning());
                }
                spec = spec.withKustomize(k.options());
                RenderResult result;
                if (!s.chart().isEmpty()) {
                    ChartSource chart = ChartSource.of(s.repoURL(), s.chart(), s.targetRevision()).withCredentials(chartCredentials.apply(s.repoURL()))
                            .withPassCredentials(spec.helm().passCredentials());
                    result = renderer.render(chart, spec);
                } else {
                    result = renderer.render(run.checkout(git(s)), s.path(), spec);
                }
                sets.add(result.set());
                allCached &= result.cacheHit();
            }
        } catch (GitopsException e) {
            return new Rendered(List.of(), warnings, e.getMessage(), false);
        }
        return new Rendered(sets, warnings, "", allCached && !sets.isEmpty());
    }

    private static AppRender failed(App app, String parent, int depth, String error) {
        return new AppRender(app, parent, depth, List.of(), named(app, error), List.of());
    }

    /** Every error of an app starts with its Application's name, whatever failed underneath (Git, Helm, kustomize). */
    private static String named(App app, String error) {
        String prefix = "Application " + app.name() + ": ";
        return error.startsWith(prefix) ? error : prefix + error;
    }

    /** An Application that does not parse still has a name and a destination to report it under. */
    private static App placeholder(KubeObject obj) {
        Destination d = new Destination(obj.at("/spec/destination/server").asText(""), obj.at("/spec/destination/name").asText(""),
                obj.at("/spec/destination/namespace").asText(""));
        return new App(obj.name(), obj.namespace(), List.of(new AppSource(obj.at("/spec/source/repoURL").asText(""), "", "", "", "", null)), d, List.of());
    }

    private GitSource git(AppSource s) {
        return GitSource.of(s.repoURL(), s.targetRevision()).withCredentials(credentials.apply(s.repoURL()));
    }

    /** Checks out the sources {@code $ref/...} value files name, so Helm can read them (Argo CD multi-source). */
    private RenderSpec withRefRoots(Run run, App app, AppSource s) {
        List<String> names = s.spec().helm().refNames();
        if (names.isEmpty()) {
            return s.spec();
        }
        Map<String, Path> roots = new LinkedHashMap<>();
        for (String name : names) {
            AppSource ref = app.sources().stream().filter(o -> o.ref().equals(name)).findFirst()
                    .orElseThrow(() -> new AppException("Application " + app.name() + ": values file '$" + name + "/...': no source has ref '" + name + "'"));
            roots.put(name, run.checkout(git(ref)).root());
        }
        return s.spec().withHelm(s.spec().helm().withRefRoots(roots));
    }

    /** An app along a chain is its name and its sources: meeting both again means the renders loop. */
    private static String identity(App app) {
        return app.name() + " (" + String.join(", ", app.sources().stream().map(AppSource::describe).toList()) + ")";
    }
}
