package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.ResultJson;
import java.util.ArrayList;
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

    /** {@link #revision} shortened ({@link Defaults#shortSha}). */
    public String shortRevision() {
        return Defaults.shortSha(revision);
    }

    /**
     * The one external form of a sync, diff or rollback, for {@code --output json} and the steps'
     * return values: {@code app}, {@code revision}, {@code shortRevision}, {@code digest},
     * {@code dryRun}, {@code status}, {@code inSync}, {@code message}, one count per action
     * ({@code created}, {@code configured}, {@code unchanged}, {@code pruned}, ...), {@code writes},
     * {@code apiCalls}, {@code durationMs}, {@code historyId} (0 for none), {@code objects} (group,
     * kind, namespace, name, phase, wave, action, and {@code hook}, {@code reason}, {@code diff}
     * when they apply) and {@code diff} (every object's diff in order). The keys are the same with
     * and without diffs; without, no object carries one and {@code diff} is "".
     *
     * @param withDiffs include the objects' diffs (the engine keeps Secrets' values out of them)
     */
    public Map<String, Object> toMap(boolean withDiffs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", app);
        m.put("revision", revision);
        m.put("shortRevision", shortRevision());
        m.put("digest", digest);
        m.put("dryRun", dryRun);
        m.put("status", status());
        m.put("inSync", inSync());
        m.put("message", message);
        for (Action a : Action.values()) {
            m.put(a.display(), count(a));
        }
        m.put("writes", writes);
        m.put("apiCalls", apiCalls);
        m.put("durationMs", durationMs);
        m.put("historyId", historyId);
        List<Map<String, Object>> list = new ArrayList<>();
        StringBuilder diff = new StringBuilder();
        for (ObjectResult r : objects) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("group", r.key().group());
            x.put("kind", r.key().kind());
            x.put("namespace", r.key().namespace());
            x.put("name", r.key().name());
            x.put("phase", r.phase().display());
            x.put("wave", r.wave());
            x.put("action", r.action().display());
            if (r.hook()) {
                x.put("hook", true);
            }
            if (!r.reason().isEmpty()) {
                x.put("reason", r.reason());
            }
            if (withDiffs && !r.diff().isEmpty()) {
                x.put("diff", r.diff());
                diff.append(r.diff());
            }
            list.add(x);
        }
        m.put("objects", list);
        m.put("diff", diff.toString());
        return m;
    }

    /** {@link #toMap(boolean)} as JSON. */
    public String toJson(boolean withDiffs) {
        return ResultJson.write(toMap(withDiffs));
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
