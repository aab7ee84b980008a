package io.jenkins.plugins.gitops.render;

import java.time.Duration;
import java.util.Objects;

/**
 * A rendered set and how it was obtained. Its external form, for reports, the CLI's JSON and the
 * steps' return values, is {@link #summary(String)}.
 *
 * @param source the Git repository URL or folder, or the chart repository URL, the set came from ("" when not known)
 * @param path   the folder rendered in that repository ("" for its root or a chart)
 */
public record RenderResult(RenderedSet set, boolean cacheHit, Duration duration, String source, String path) {

    public RenderResult {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(duration, "duration");
        source = Objects.requireNonNullElse(source, "");
        path = Objects.requireNonNullElse(path, "");
    }

    public RenderResult(RenderedSet set, boolean cacheHit, Duration duration) {
        this(set, cacheHit, duration, "", "");
    }

    /** @param manifests the file the manifests were written to ("" when printed) */
    public RenderSummary summary(String manifests) {
        return new RenderSummary(source, path, set.revision(), set.digest(), set.size(), set.renderer(), set.toolVersion(), cacheHit,
                manifests, duration.toMillis());
    }
}
