package io.jenkins.plugins.gitops.render.chart;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import java.time.Duration;

/**
 * Fetches charts from HTTP chart repositories and OCI registries into one {@link ChartCache}.
 * Thread-safe: renders of several apps may fetch at once.
 */
public final class ChartRepositories {

    private final ChartCache cache;
    private final HttpChartRepository http;
    private final OciChartRepository oci;

    /**
     * @param registry settings of OCI registry hosts (plain HTTP, CA files); a source's own credentials win
     * @param timeout connect and per-request timeout of HTTP repositories
     */
    public ChartRepositories(ChartCache cache, RegistryOptions registry, Duration timeout) {
        this.cache = cache;
        this.http = new HttpChartRepository(timeout);
        this.oci = new OciChartRepository(registry);
    }

    /** Default registry settings, and {@link Defaults#CHART_TIMEOUT} for HTTP repositories. */
    public static ChartRepositories in(ChartCache cache) {
        return new ChartRepositories(cache, RegistryOptions.defaults().withTimeout(Duration.ofSeconds(30)), Defaults.CHART_TIMEOUT);
    }

    public ChartCache cache() {
        return cache;
    }

    /**
     * Resolves the source's version constraint against the repository (its index or its tags),
     * and returns the chart unpacked, downloading it unless the cache has it.
     */
    public FetchedChart fetch(ChartSource source) {
        return source.isOci() ? oci.fetch(source, cache) : http.fetch(source, cache);
    }
}
