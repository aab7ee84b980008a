package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.ResultJson;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a render produced, without its objects: the one external form of a render, printed by
 * {@code gitops render --output json} (and {@code gitops run}'s {@code render}) and returned by
 * the {@code gitopsRender} step. Plain values, so it crosses from a Jenkins agent as it is.
 *
 * @param repo        the Git repository URL or folder, or the chart repository URL
 * @param path        the folder rendered in the repository ("" for its root or a chart)
 * @param revision    the commit SHA rendered, or the chart version; "" for a plain folder
 * @param digest      {@code sha256:} of the objects ({@link RenderedSet#digest()})
 * @param objectCount how many objects
 * @param renderer    {@code kustomize}, {@code helm}, {@code directory}...
 * @param toolVersion the version of the tool that rendered
 * @param cacheHit    whether the render cache answered
 * @param manifests   the file the manifests were written to ("" when they were printed)
 * @param durationMs  how long the render took
 */
public record RenderSummary(String repo, String path, String revision, String digest, int objectCount, String renderer,
        String toolVersion, boolean cacheHit, String manifests, long durationMs) implements Serializable {

    private static final long serialVersionUID = 1L;

    public RenderSummary {
        repo = Objects.requireNonNullElse(repo, "");
        path = Objects.requireNonNullElse(path, "");
        revision = Objects.requireNonNullElse(revision, "");
        digest = Objects.requireNonNullElse(digest, "");
        renderer = Objects.requireNonNullElse(renderer, "");
        toolVersion = Objects.requireNonNullElse(toolVersion, "");
        manifests = Objects.requireNonNullElse(manifests, "");
    }

    /** {@link #revision} shortened ({@link Defaults#shortSha}). */
    public String shortRevision() {
        return Defaults.shortSha(revision);
    }

    /**
     * {@code repo}, {@code path}, {@code revision}, {@code shortRevision}, {@code digest},
     * {@code objectCount}, {@code renderer}, {@code toolVersion}, {@code cacheHit},
     * {@code manifests}, {@code durationMs}: plain values only, so that a Pipeline can keep it and
     * pass it to {@code gitopsSync(manifests: result)} as it is.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repo", repo);
        m.put("path", path);
        m.put("revision", revision);
        m.put("shortRevision", shortRevision());
        m.put("digest", digest);
        m.put("objectCount", objectCount);
        m.put("renderer", renderer);
        m.put("toolVersion", toolVersion);
        m.put("cacheHit", cacheHit);
        m.put("manifests", manifests);
        m.put("durationMs", durationMs);
        return m;
    }

    /** {@link #toMap()} as JSON. */
    public String toJson() {
        return ResultJson.write(toMap());
    }
}
