package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.render.RenderSummary;
import java.io.Serializable;
import java.util.Map;

/**
 * What a render produced, sent back from the agent: the engine's {@link RenderSummary}, copied
 * into a class of the plugin because Jenkins' class filter (JEP-200) refuses classes of a library
 * jar, such as the engine's, on the remoting channel. The fields and the step's return value
 * ({@link #toMap()}) are the engine's.
 */
public record RenderOutcome(String repo, String path, String revision, String digest, int objectCount, String renderer,
        String toolVersion, boolean cacheHit, String manifests, long durationMs) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static RenderOutcome of(RenderSummary s) {
        return new RenderOutcome(s.repo(), s.path(), s.revision(), s.digest(), s.objectCount(), s.renderer(), s.toolVersion(), s.cacheHit(),
                s.manifests(), s.durationMs());
    }

    public RenderSummary summary() {
        return new RenderSummary(repo, path, revision, digest, objectCount, renderer, toolVersion, cacheHit, manifests, durationMs);
    }

    /**
     * The step result, the engine's {@link RenderSummary#toMap()}: plain values only, so it can be
     * stored in the Pipeline program and passed to {@code gitopsSync(manifests: result)} as is.
     */
    public Map<String, Object> toMap() {
        return summary().toMap();
    }
}
