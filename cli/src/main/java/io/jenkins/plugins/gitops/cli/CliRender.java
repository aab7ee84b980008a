package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.render.chart.ChartSource;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import java.nio.file.Path;
import java.util.function.Consumer;

/** How every command renders: mirrors, charts and the render cache under one folder, credentials from the environment. */
final class CliRender {

    private CliRender() {
    }

    /**
     * @param cacheDir mirrors go in {@code cacheDir/repos}, renders in {@code cacheDir/renders};
     *                 null for the user's default cache ({@code ~/.cache/gitops})
     */
    static RenderResult render(String repo, String revision, String path, RenderSpec spec, Path cacheDir) {
        return render(repo, revision, path, spec, cacheDir, false, line -> System.err.println("gitops: " + line));
    }

    /**
     * @param shallow fetch only the revision at depth 1 where it allows (see {@link MirrorCache})
     * @param log where the mirror cache's notes go (a shallow fetch falling back to a full one)
     */
    static RenderResult render(String repo, String revision, String path, RenderSpec spec, Path cacheDir, boolean shallow,
            Consumer<String> log) {
        GitSource source = GitSource.of(repo, revision).withCredentials(CliCredentials.git()).withShallow(shallow);
        return service(cacheDir, RegistryOptions.defaults(), log).render(source, path.equals(".") ? "" : path, spec);
    }

    /**
     * A chart from a chart repository; charts are cached in {@code cacheDir/charts}.
     *
     * @param registry OCI registry hosts settings (plain HTTP hosts)
     */
    static RenderResult renderChart(ChartSource chart, RenderSpec spec, Path cacheDir, RegistryOptions registry) {
        return service(cacheDir, registry, line -> System.err.println("gitops: " + line)).render(chart, spec);
    }

    /** The engine's render service under {@code cacheDir} (null: the user's cache), with the default chart timeout. */
    static RenderService service(Path cacheDir, RegistryOptions registry, Consumer<String> log) {
        return RenderService.inFolder(cacheDir, registry, log);
    }
}
