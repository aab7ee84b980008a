package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.render.RenderSpec;
import java.util.Objects;

/**
 * One source of an app, as Argo CD's {@code spec.source} / {@code spec.sources[]}: where the
 * manifests are and how to render them.
 *
 * @param repoURL the repository
 * @param path the folder in it ("" for a chart from a chart repository, or a {@code ref}-only source)
 * @param targetRevision branch, tag or SHA ({@code HEAD} when absent); for a chart, its version or a
 *                       semver constraint ("" when absent: the newest stable version)
 * @param chart a chart name in a Helm repository ("" for sources in Git)
 * @param ref the name other sources use for this one's files ({@code $values/...}); "" for none
 * @param spec the renderer and its options (from {@code kustomize}, {@code helm}, {@code directory})
 */
public record AppSource(String repoURL, String path, String targetRevision, String chart, String ref, RenderSpec spec) {

    public AppSource {
        Objects.requireNonNull(repoURL, "repoURL");
        path = path == null ? "" : path;
        chart = chart == null ? "" : chart;
        targetRevision = targetRevision == null || targetRevision.isBlank() ? (chart.isEmpty() ? "HEAD" : "") : targetRevision;
        ref = ref == null ? "" : ref;
        spec = spec == null ? RenderSpec.auto() : spec;
    }

    /** A source that only lends its files to others (Argo CD's {@code ref} without a path) renders nothing. */
    public boolean rendersManifests() {
        return !(path.isEmpty() && chart.isEmpty() && !ref.isEmpty());
    }

    /** {@code repoURL@revision:path}, the identity used for cycle detection and messages. */
    public String describe() {
        return repoURL + "@" + targetRevision + ":" + (chart.isEmpty() ? path : "chart " + chart);
    }
}
