package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.kube.KubeObject;
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
import java.util.function.Function;

/**
 * Renders an app and, app-of-apps style, every Argo CD Application its render contains, depth
 * first in render order: the shape of a repository built for Argo CD (one root Application that
 * deploys all the others) runs unchanged. An app reached again along its own ancestry is a cycle
 * and an error naming the chain; an app name seen twice anywhere in the tree is an error too,
 * as two Applications with one name cannot coexist in Argo CD's namespace.
 */
public final class AppExpander {

    private final RenderService renderer;
    private final Function<String, GitCredentials> credentials;
    private final Function<String, ChartCredentials> chartCredentials;
    private final int maxDepth;

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
    }

    /** The trees of several roots, one after the other. */
    public List<AppRender> expandAll(List<App> roots) {
        List<AppRender> out = new ArrayList<>();
        roots.forEach(root -> out.addAll(expand(root)));
        return out;
    }

    public List<AppRender> expand(App root) {
        List<AppRender> out = new ArrayList<>();
        visit(root, "", new ArrayDeque<>(), new HashSet<>(), out);
        return out;
    }

    private void visit(App app, String parent, Deque<String> chain, Set<String> seen, List<AppRender> out) {
        String identity = identity(app);
        if (chain.contains(identity)) {
            List<String> names = new ArrayList<>(chain);
            java.util.Collections.reverse(names);
            names.add(identity);
            throw new AppException("Application " + app.name() + ": app-of-apps cycle: " + String.join(" -> ", names));
        }
        if (!seen.add(app.name())) {
            throw new AppException("Application " + app.name() + ": defined more than once in the app-of-apps tree (again under " + parent + ")");
        }
        if (chain.size() >= maxDepth) {
            throw new AppException("Application " + app.name() + ": app-of-apps nested deeper than " + maxDepth + " levels");
        }
        List<RenderedSet> sets = new ArrayList<>();
        for (AppSource s : app.sources()) {
            if (!s.rendersManifests()) {
                continue;
            }
            // an app's sources may each be empty (Argo CD accepts that); whether the app as a whole may be is AppTreeSync's call
            RenderSpec spec = withRefRoots(app, s).withAllowEmpty(true);
            if (!s.chart().isEmpty()) {
                ChartSource chart = ChartSource.of(s.repoURL(), s.chart(), s.targetRevision()).withCredentials(chartCredentials.apply(s.repoURL()))
                        .withPassCredentials(spec.helm().passCredentials());
                sets.add(renderer.render(chart, spec).set());
            } else {
                sets.add(renderer.render(git(s), s.path(), spec).set());
            }
        }
        AppRender rendered = new AppRender(app, parent, chain.size(), sets);
        out.add(rendered);
        chain.push(identity);
        // Argo CD applies a parent's Application objects in sync-wave order (then by name), and
        // the children sync in that order: a CRD-providing app in an earlier wave comes first
        List<KubeObject> children = new ArrayList<>(rendered.objects().stream().filter(ApplicationParser::isApplication).toList());
        children.sort(java.util.Comparator.comparingInt(Annotations::wave).thenComparing(KubeObject::name));
        for (KubeObject obj : children) {
            visit(ApplicationParser.parse(obj), app.name(), chain, seen, out);
        }
        chain.pop();
    }

    private GitSource git(AppSource s) {
        return GitSource.of(s.repoURL(), s.targetRevision()).withCredentials(credentials.apply(s.repoURL()));
    }

    /** Checks out the sources {@code $ref/...} value files name, so Helm can read them (Argo CD multi-source). */
    private RenderSpec withRefRoots(App app, AppSource s) {
        List<String> names = s.spec().helm().refNames();
        if (names.isEmpty()) {
            return s.spec();
        }
        Map<String, Path> roots = new LinkedHashMap<>();
        for (String name : names) {
            AppSource ref = app.sources().stream().filter(o -> o.ref().equals(name)).findFirst()
                    .orElseThrow(() -> new AppException("Application " + app.name() + ": values file '$" + name + "/...': no source has ref '" + name + "'"));
            roots.put(name, renderer.checkout(git(ref)).root());
        }
        return s.spec().withHelm(s.spec().helm().withRefRoots(roots));
    }

    /** An app along a chain is its name and its sources: meeting both again means the renders loop. */
    private static String identity(App app) {
        return app.name() + " (" + String.join(", ", app.sources().stream().map(AppSource::describe).toList()) + ")";
    }
}
