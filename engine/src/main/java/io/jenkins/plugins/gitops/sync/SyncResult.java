package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one sync (or dry run, or rollback) did: per object outcomes in execution order, and the
 * totals. {@code writes} counts write calls (apply, create, update, delete) made to the API
 * server, dry runs excluded; {@code apiCalls} counts every call, dry runs and retries included.
 */
public record SyncResult(String app, String revision, String digest, boolean dryRun, boolean succeeded, String message,
                         List<ObjectResult> objects, long writes, long apiCalls, long durationMs, int historyId) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    public SyncResult {
        Objects.requireNonNull(app, "app");
        revision = revision == null ? "" : revision;
        digest = digest == null ? "" : digest;
        message = message == null ? "" : message;
        objects = List.copyOf(objects);
    }

    public long count(Action action) {
        return objects.stream().filter(o -> o.action() == action).count();
    }

    /** In sync: nothing would be created, configured, pruned or left extra, and nothing failed. */
    public boolean inSync() {
        return objects.stream().allMatch(o -> o.action() == Action.UNCHANGED || (o.action() == Action.SKIPPED && !o.reason().startsWith("extra")));
    }

    /**
     * {@code Succeeded}, {@code Failed}, or {@code Waiting}: nothing failed but objects to prune wait
     * for confirmation ({@code Prune=confirm}), Argo CD's "Waiting for pruning confirmation".
     */
    public String status() {
        return succeeded ? "Succeeded" : count(Action.WAITING) > 0 && failures().isEmpty() ? "Waiting" : "Failed";
    }

    public List<ObjectResult> failures() {
        return objects.stream().filter(o -> o.action() == Action.FAILED).toList();
    }

    public ObjectNode toJson(boolean withDiffs) {
        ObjectNode o = JSON.createObjectNode();
        o.put("app", app).put("revision", revision).put("digest", digest).put("dryRun", dryRun)
                .put("status", status()).put("message", message);
        for (Action a : Action.values()) {
            o.put(a.display(), count(a));
        }
        o.put("writes", writes).put("apiCalls", apiCalls).put("durationMs", durationMs);
        if (historyId > 0) {
            o.put("historyId", historyId);
        }
        ArrayNode arr = o.putArray("objects");
        for (ObjectResult r : objects) {
            ObjectNode x = arr.addObject().put("group", r.key().group()).put("kind", r.key().kind())
                    .put("namespace", r.key().namespace()).put("name", r.key().name()).put("phase", r.phase().display())
                    .put("wave", r.wave()).put("action", r.action().display());
            if (r.hook()) {
                x.put("hook", true);
            }
            if (!r.reason().isEmpty()) {
                x.put("reason", r.reason());
            }
            if (withDiffs && !r.diff().isEmpty()) {
                x.put("diff", r.diff());
            }
        }
        return o;
    }

    /**
     * The external form as plain Java values (String, Long, Integer, Boolean, List, Map; stable key
     * order): {@link #toJson(boolean) toJson(false)}, what {@code --output json} prints and the
     * plugin's steps return.
     */
    public Map<String, Object> toMap() {
        return toMap(false);
    }

    /** {@link #toMap()}, with each object's diff when {@code withDiffs} (a dry run's, or the changed objects' of a sync). */
    public Map<String, Object> toMap(boolean withDiffs) {
        return JSON.convertValue(toJson(withDiffs), MAP);
    }

    /** A plain-text table: one line per object that was not unchanged, then the totals. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-10s %-8s %-5s %s%n", "ACTION", "PHASE", "WAVE", "OBJECT"));
        for (ObjectResult r : objects) {
            if (r.action() == Action.UNCHANGED) {
                continue;
            }
            b.append(String.format("%-10s %-8s %-5d %s%s%n", r.action(), r.phase().display(), r.wave(), r.key(),
                    r.reason().isEmpty() ? "" : "  (" + r.reason() + ")"));
        }
        long waiting = count(Action.WAITING);
        b.append(String.format("%s%s: %d created, %d configured, %d unchanged, %d pruned, %d skipped, %s%d failed; %d writes, %d API calls, %d ms%n",
                dryRun ? "dry run " : "", status(),
                count(Action.CREATED), count(Action.CONFIGURED), count(Action.UNCHANGED), count(Action.PRUNED), count(Action.SKIPPED),
                waiting > 0 ? waiting + " waiting for confirmation, " : "", count(Action.FAILED), writes, apiCalls, durationMs));
        if (!message.isEmpty()) {
            b.append(message).append('\n');
        }
        return b.toString();
    }
}
