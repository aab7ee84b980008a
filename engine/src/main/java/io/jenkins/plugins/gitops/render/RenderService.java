package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.chart.ChartCache;
import io.jenkins.plugins.gitops.render.chart.ChartRepositories;
import io.jenkins.plugins.gitops.render.chart.ChartSource;
import io.jenkins.plugins.gitops.render.chart.FetchedChart;
import io.jenkins.plugins.gitops.source.Checkout;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The render step: "this path of this repository at this revision" (or "this chart of this chart
 * repository at this version") in, a {@link RenderedSet} out. Checks out through the mirror cache
 * (or fetches through the chart cache), picks the renderer, and consults the render cache when the
 * input has a content identity: a Git tree, or a chart archive digest (a plain folder is always rendered).
 */
public final class RenderService {

    /** How many rendered sets a folder's render cache also holds in memory. */
    public static final int RENDER_CACHE_ENTRIES = 8;

    private final MirrorCache mirrors;
    private final RenderCache cache;
    private final ChartRepositories charts;

    /** Charts from chart repositories are cached next to the mirrors ({@code charts/}), or in the user's cache without mirrors. */
    public RenderService(MirrorCache mirrors, RenderCache cache) {
        this(mirrors, cache, ChartRepositories.in(mirrors == null ? ChartCache.userDefault()
                : new ChartCache(mirrors.directory().resolveSibling("charts"))));
    }

    public RenderService(MirrorCache mirrors, RenderCache cache, ChartRepositories charts) {
        this.mirrors = mirrors;
        this.cache = cache;
        this.charts = charts;
    }

    /**
     * The render service of every face (CLI commands, steps on agents), with the chart timeout of
     * {@link Defaults#CHART_TIMEOUT}: see {@link #inFolder(Path, RegistryOptions, Duration, Consumer)}.
     */
    public static RenderService inFolder(Path cacheDir, RegistryOptions registry, Consumer<String> log) {
        return inFolder(cacheDir, registry, Defaults.CHART_TIMEOUT, log);
    }

    /**
     * A render service keeping everything under one folder: Git mirrors in {@code repos/}, charts in
     * {@code charts/}, rendered sets in {@code renders/} ({@value #RENDER_CACHE_ENTRIES} of them also held in memory).
     *
     * @param cacheDir     the folder; null for the user's ({@code $XDG_CACHE_HOME/gitops} or {@code ~/.cache/gitops})
     * @param registry     settings of OCI registry hosts (plain HTTP, CA files) for OCI charts
     * @param chartTimeout connect and per-request timeout of HTTP chart repositories
     * @param log          where the caches' notes go (a shallow fetch falling back to a full one, an entry not written)
     */
    public static RenderService inFolder(Path cacheDir, RegistryOptions registry, Duration chartTimeout, Consumer<String> log) {
        Path repos = cacheDir == null ? MirrorCache.defaultDirectory() : cacheDir.resolve("repos");
        MirrorCache mirrors = new MirrorCache(repos, log);
        ChartRepositories charts = new ChartRepositories(new ChartCache(repos.resolveSibling("charts")), registry, chartTimeout);
        return new RenderService(mirrors, new RenderCache(Optional.of(repos.resolveSibling("renders")), RENDER_CACHE_ENTRIES, log), charts);
    }

    /** The files of a Git source, through the mirror cache: for sources that only lend files to others ({@code $ref}). */
    public Checkout checkout(GitSource source) {
        return mirrors.checkout(source);
    }

    /**
     * Renders a chart from a chart repository (HTTP or OCI) with the Helm options of {@code spec}.
     * The rendered set's revision is the chart version the constraint resolved to.
     */
    public RenderResult render(ChartSource source, RenderSpec spec) {
        long start = System.nanoTime();
        if (spec.tool() != RenderSpec.Tool.AUTO && spec.tool() != RenderSpec.Tool.HELM) {
            throw new RenderException(source.describe() + ": a chart from a chart repository renders with helm, not "
                    + spec.tool().name().toLowerCase(java.util.Locale.ROOT));
        }
        FetchedChart chart = charts.fetch(source);
        Renderer renderer = new HelmRenderer(spec.helm(), charts);
        String key = RenderCache.chartKey(chart, renderer);
        Optional<RenderedSet> hit = cache.get(key);
        if (hit.isPresent()) {
            requireObjects(hit.get(), spec, () -> source.describe() + ": " + renderer.describeEmpty(chart.root(), chart.folder()));
            return new RenderResult(hit.get().withRevision(chart.version()), true, Duration.ofNanos(System.nanoTime() - start), source.repoURL(), "");
        }
        List<RenderedObject> objects = renderer.render(chart.root(), chart.folder());
        requireObjects(objects, spec, () -> source.describe() + ": " + renderer.describeEmpty(chart.root(), chart.folder()));
        RenderedSet set = RenderedSet.of(objects, chart.version(), renderer.name(), renderer.toolVersion());
        cache.put(key, set);
        return new RenderResult(set, false, Duration.ofNanos(System.nanoTime() - start), source.repoURL(), "");
    }

    public RenderResult render(GitSource source, String path, RenderSpec spec) {
        long start = System.nanoTime();
        Checkout checkout = mirrors.checkout(source);
        return render(checkout, path, spec, start);
    }

    public RenderResult render(Checkout checkout, String path, RenderSpec spec) {
        return render(checkout, path, spec, System.nanoTime());
    }

    private RenderResult render(Checkout checkout, String path, RenderSpec spec, long start) {
        Path dir = checkout.resolve(path);
        Renderer renderer = spec.rendererFor(dir, charts);
        String normalPath = checkout.root().relativize(dir).toString();
        Optional<String> key = checkout.treeId().map(tree -> RenderCache.key(tree, normalPath, renderer));
        if (key.isPresent()) {
            Optional<RenderedSet> hit = cache.get(key.get());
            if (hit.isPresent()) {
                requireObjects(hit.get(), spec, () -> renderer.describeEmpty(checkout.root(), dir));
                return new RenderResult(hit.get().withRevision(checkout.sha()), true, Duration.ofNanos(System.nanoTime() - start), checkout.url(), path);
            }
        }
        Renderer.Output output = renderer.renderOutput(checkout.root(), dir);
        requireObjects(output.objects(), spec, () -> renderer.describeEmpty(checkout.root(), dir));
        RenderedSet parsed = RenderedSet.of(output.objects(), checkout.sha(), renderer.name(), renderer.toolVersion());
        RenderedSet set = output.text().map(parsed::withToolOutput).orElse(parsed);
        key.ifPresent(k -> cache.put(k, set));
        return new RenderResult(set, false, Duration.ofNanos(System.nanoTime() - start), checkout.url(), path);
    }

    /**
     * The one check of an empty render, for every face (CLI, steps, app trees): no objects is an
     * error naming what the renderer found, unless the spec allows it.
     */
    private static void requireObjects(RenderedSet set, RenderSpec spec, Supplier<String> why) {
        if (set.size() == 0 && !spec.allowEmpty()) {
            requireObjects(List.of(), spec, why); // size(), not objects(): a cache hit stays unparsed
        }
    }

    private static void requireObjects(List<RenderedObject> objects, RenderSpec spec, Supplier<String> why) {
        if (objects.isEmpty() && !spec.allowEmpty()) {
            throw (RenderException) new RenderException(why.get() + "; an empty render is refused (a sync of it with prune would delete"
                    + " the whole app): fix the path, or allow it with allowEmpty (--allow-empty)").asBadInput();
        }
    }
}
