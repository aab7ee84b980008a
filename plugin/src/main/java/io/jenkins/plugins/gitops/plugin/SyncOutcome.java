package io.jenkins.plugins.gitops.plugin;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sync, diff or rollback did, back from the agent as plain values:
 * the engine's {@code SyncResult.toMap} (secrets masked), plus the table shown in the log.
 */
public record SyncOutcome(Map<String, Object> result, String table) implements Serializable {

    public SyncOutcome {
        result = new LinkedHashMap<>(result);
    }

    public boolean succeeded() {
        return "Succeeded".equals(result.get("status"));
    }

    /** {@code Succeeded}, {@code Failed}, or {@code Waiting} (objects to prune wait for {@code confirmPrune}). */
    public String status() {
        return String.valueOf(result.getOrDefault("status", "Failed"));
    }

    public String message() {
        return String.valueOf(result.getOrDefault("message", ""));
    }

    public String revision() {
        return String.valueOf(result.getOrDefault("revision", ""));
    }

    public long count(String action) {
        return result.get(action) instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> objects() {
        return result.get("objects") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** True when nothing would be created, configured or pruned and nothing failed (the engine's {@code inSync}). */
    public boolean inSync() {
        return Boolean.TRUE.equals(result.get("inSync"));
    }

    /** The counts line: "2 created, 1 configured, 5 unchanged, 0 pruned, 0 skipped, 0 failed". */
    public String counts() {
        return count("created") + " created, " + count("configured") + " configured, " + count("unchanged") + " unchanged, "
                + count("pruned") + " pruned, " + count("skipped") + " skipped, "
                + (count("waiting") > 0 ? count("waiting") + " waiting for confirmation, " : "") + count("failed") + " failed";
    }
}
