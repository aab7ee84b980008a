package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.Phase;
import io.jenkins.plugins.gitops.sync.SyncResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sync, diff or rollback did, back from the agent: a typed copy of the engine's
 * {@link SyncResult} with every text masked, plus the table shown in the log. Only JDK types and
 * the engine's enums cross the channel (Jenkins' class filter refuses the engine's records from an
 * agent); {@link #toMap()} makes the Pipeline return value on the controller, in the engine's form.
 *
 * @param objects per object outcomes in execution order, as the engine's {@link ObjectResult}s
 * @param table   the engine's table, masked
 */
public record SyncOutcome(String app, String revision, String digest, boolean dryRun, boolean succeeded, String message,
        List<Line> objects, long writes, long apiCalls, long durationMs, int historyId, String table) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One object's outcome: {@link ObjectResult} with its key spelled out. */
    public record Line(String group, String kind, String namespace, String name, Phase phase, int wave, boolean hook, Action action,
            String reason, String diff) implements Serializable {

        private static final long serialVersionUID = 1L;

        public Line {
            group = group == null ? "" : group;
            namespace = namespace == null ? "" : namespace;
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(action, "action");
            reason = reason == null ? "" : reason;
            diff = diff == null ? "" : diff;
        }

        /** {@code Kind.group/ns/name}, {@code Kind/name} for a core cluster-scoped object: how the build page names it. */
        public String object() {
            return kind + (group.isEmpty() ? "" : "." + group) + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
        }

        ObjectResult toResult() {
            return new ObjectResult(new ResourceKey(group, kind, namespace, name), phase, wave, hook, action, reason, diff);
        }
    }

    public SyncOutcome {
        Objects.requireNonNull(app, "app");
        revision = revision == null ? "" : revision;
        digest = digest == null ? "" : digest;
        message = message == null ? "" : message;
        objects = List.copyOf(objects);
        table = table == null ? "" : table;
    }

    /** The masked copy of {@code r}: names, messages, reasons and diffs pass through {@code masker}. */
    public static SyncOutcome of(SyncResult r, Masker masker) {
        List<Line> lines = new ArrayList<>();
        for (ObjectResult o : r.objects()) {
            lines.add(new Line(masker.mask(o.key().group()), masker.mask(o.key().kind()), masker.mask(o.key().namespace()),
                    masker.mask(o.key().name()), o.phase(), o.wave(), o.hook(), o.action(), masker.mask(o.reason()), masker.mask(o.diff())));
        }
        return new SyncOutcome(masker.mask(r.app()), masker.mask(r.revision()), masker.mask(r.digest()), r.dryRun(), r.succeeded(),
                masker.mask(r.message()), lines, r.writes(), r.apiCalls(), r.durationMs(), r.historyId(), masker.mask(r.table()));
    }

    /** The engine's result again (masked), for its derived values and its external form. */
    SyncResult toResult() {
        return new SyncResult(app, revision, digest, dryRun, succeeded, message, objects.stream().map(Line::toResult).toList(), writes,
                apiCalls, durationMs, historyId);
    }

    /**
     * The step's return value: the engine's {@link SyncResult#toMap(boolean) form} with the diffs this
     * copy has (every object's for a dry run, the changed objects' for a sync); that form already
     * carries {@code inSync}, {@code historyId} (0 when nothing was recorded) and the whole
     * {@code diff} text.
     */
    public Map<String, Object> toMap() {
        return toResult().toMap(true);
    }

    /** {@code Succeeded}, {@code Failed}, or {@code Waiting} (objects to prune wait for {@code confirmPrune}): the engine's words. */
    public String status() {
        return toResult().status();
    }

    /** True when nothing would be created, configured or pruned and nothing failed (the engine's {@code inSync}). */
    public boolean inSync() {
        return toResult().inSync();
    }

    public long count(Action action) {
        return objects.stream().filter(o -> o.action() == action).count();
    }

    /** Every object's diff, in order: the unified diff of the whole app. */
    public String diff() {
        StringBuilder b = new StringBuilder();
        objects.forEach(o -> b.append(o.diff()));
        return b.toString();
    }

    /** The counts line: "2 created, 1 configured, 5 unchanged, 0 pruned, 0 skipped, 0 failed". */
    public String counts() {
        return count(Action.CREATED) + " created, " + count(Action.CONFIGURED) + " configured, " + count(Action.UNCHANGED) + " unchanged, "
                + count(Action.PRUNED) + " pruned, " + count(Action.SKIPPED) + " skipped, "
                + (count(Action.WAITING) > 0 ? count(Action.WAITING) + " waiting for confirmation, " : "") + count(Action.FAILED) + " failed";
    }

    /** The engine's message and the failed objects with their reasons. */
    public String failureText() {
        List<String> lines = new ArrayList<>();
        lines.add(message.isEmpty() ? "sync failed" : message);
        for (Line o : objects) {
            if (o.action() == Action.FAILED) {
                lines.add("  " + o.kind() + "/" + (o.namespace().isEmpty() ? "" : o.namespace() + "/") + o.name() + ": " + o.reason());
            }
        }
        return String.join("\n", lines);
    }

    /**
     * The build page's lines: objects the sync did something to (unchanged ones are counted in the
     * summary), with the diffs of changed ones while they fit in build.xml's budget.
     */
    public List<GitopsRecord.Item> recordItems() {
        List<GitopsRecord.Item> items = new ArrayList<>();
        int diffBudget = 200_000;
        for (Line o : objects) {
            if (o.action() == Action.UNCHANGED) {
                continue;
            }
            String d = o.action() == Action.CONFIGURED ? o.diff() : "";
            if (d.length() > diffBudget) {
                d = "";
            }
            diffBudget -= d.length();
            items.add(new GitopsRecord.Item(o.object(), o.action().display(), o.reason(), d));
        }
        return items;
    }

    /** The outcome a build's GitOps summary records. */
    public GitopsRecord.Status recordStatus() {
        return GitopsRecord.Status.ofSync(status());
    }
}
