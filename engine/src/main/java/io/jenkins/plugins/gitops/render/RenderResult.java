package io.jenkins.plugins.gitops.render;

import java.time.Duration;
import java.util.Objects;

/** A rendered set and how it was obtained: for reports and the CLI's JSON output. */
public record RenderResult(RenderedSet set, boolean cacheHit, Duration duration) {

    public RenderResult {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(duration, "duration");
    }
}
