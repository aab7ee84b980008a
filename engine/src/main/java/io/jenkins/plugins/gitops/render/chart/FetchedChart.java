package io.jenkins.plugins.gitops.render.chart;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A chart from a repository, unpacked in the chart cache and ready for {@code helm template}.
 *
 * @param repoURL the repository, without credentials
 * @param chart the chart name as asked for
 * @param version the version chosen (the constraint resolved)
 * @param digest {@code sha256:<hex>} of the chart archive: the content identity of the render
 * @param root the cache entry (read-only by convention); Helm's sources are relative to it
 * @param folder the chart's folder in {@code root}, which holds {@code Chart.yaml}
 * @param downloaded whether this fetch downloaded the archive (false: the cache had it)
 */
public record FetchedChart(String repoURL, String chart, String version, String digest, Path root, Path folder, boolean downloaded) {

    public FetchedChart {
        Objects.requireNonNull(repoURL, "repoURL");
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(folder, "folder");
    }

    /** Repository, chart, version and archive digest: what the render cache keys a chart render on. */
    public String identity() {
        return String.join("\n", "helm-chart", repoURL, chart, version, digest);
    }

    /** {@code repo chart@version} for messages and reports. */
    public String describe() {
        return repoURL + " " + chart + "@" + version;
    }
}
