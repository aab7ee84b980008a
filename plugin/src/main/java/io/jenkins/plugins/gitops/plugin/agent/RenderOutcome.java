package io.jenkins.plugins.gitops.plugin.agent;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a render produced, sent back from the agent. {@link #toMap()} is the step's return value. */
public record RenderOutcome(String repo, String path, String revision, String digest, int objectCount, String renderer,
        String toolVersion, boolean cacheHit, String manifests, long durationMs) implements Serializable {

    /**
     * The step result: plain values only, so it can be stored in the Pipeline program and passed to
     * {@code gitopsSync(manifests: result)} as is.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repo", repo);
        m.put("path", path);
        m.put("revision", revision);
        m.put("digest", digest);
        m.put("objectCount", objectCount);
        m.put("renderer", renderer);
        m.put("toolVersion", toolVersion);
        m.put("cacheHit", cacheHit);
        m.put("manifests", manifests);
        m.put("durationMs", durationMs);
        return m;
    }
}
