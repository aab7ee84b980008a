package io.jenkins.plugins.gitops.plugin.ui;

import io.jenkins.plugins.gitops.Defaults;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One line of a build's GitOps summary: what a step did. Kept small and free of engine types
 * because it is stored in build.xml forever (a plain class, not a record: XStream restores fields).
 */
public final class GitopsRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * How a step ended, as the build page and the job's app table read it. Stored by name in
     * build.xml: add values, never rename one.
     */
    public enum Status {
        /** A sync, rollback, diff, render, image update or rollout that did what it was asked. */
        SUCCEEDED,
        /** A sync, rollback or diff that failed (the engine's {@code Failed}). */
        FAILED,
        /** A sync whose objects to prune wait for {@code confirmPrune} (the engine's {@code Waiting}); the step failed. */
        WAITING,
        /** An app of a {@code gitopsApps} tree that its project or cluster refused before anything was written. */
        REFUSED,
        /** A health wait that ended healthy. */
        HEALTHY,
        /** A health wait that ended degraded. */
        DEGRADED,
        /** A health wait that timed out. */
        TIMED_OUT,
        /** A health wait that ended not healthy, recorded before the wait's outcome was kept (degraded or timed out). */
        NOT_HEALTHY;

        /** The record of an engine sync status ({@code Succeeded}, {@code Failed}, {@code Waiting}). */
        public static Status ofSync(String engineStatus) {
            return switch (engineStatus) {
                case "Succeeded" -> SUCCEEDED;
                case "Waiting" -> WAITING;
                default -> FAILED;
            };
        }

        /** The record of a health wait's outcome ({@code WaitResult.Outcome} by name: {@code HEALTHY}, {@code DEGRADED}, {@code TIMED_OUT}). */
        public static Status ofWait(String waitOutcome) {
            return switch (String.valueOf(waitOutcome)) {
                case "HEALTHY" -> HEALTHY;
                case "DEGRADED" -> DEGRADED;
                case "TIMED_OUT" -> TIMED_OUT;
                default -> NOT_HEALTHY;
            };
        }

        /** Whether a sync or rollback with this status deployed its revision. */
        public boolean deployed() {
            return this == SUCCEEDED;
        }

        /** Whether a health wait with this status found the app healthy. */
        public boolean healthy() {
            return this == HEALTHY;
        }
    }

    private final String step;
    private final String app;
    private final String repo;
    private final String revision;
    private final String summary;
    private final int objects;
    private final List<String> images;

    /** Per-object lines (sync outcomes, health); null in builds recorded before they existed. */
    private final List<Item> items;

    /** How the step ended; null in builds recorded before it existed ({@link #readResolve()} derives it from the summary). */
    private final Status status;

    /** Whether the step wrote nothing (a diff, a dry run); false in builds recorded before it existed, then derived. */
    private final boolean dryRun;

    private GitopsRecord(Builder b) {
        this.step = b.step;
        this.app = b.app == null ? "" : b.app;
        this.repo = b.repo == null ? "" : b.repo;
        this.revision = b.revision == null ? "" : b.revision;
        this.summary = b.summary == null ? "" : b.summary;
        this.objects = b.objects;
        this.images = new ArrayList<>(b.images == null ? List.of() : b.images);
        this.items = new ArrayList<>(b.items == null ? List.of() : b.items);
        this.status = b.status;
        this.dryRun = b.dryRun;
    }

    /** A record of {@code step} (the summary's step column: {@code sync}, {@code wait}...) that ended with {@code status}. */
    public static Builder builder(String step, Status status) {
        return new Builder(step, status);
    }

    /**
     * A record stored before {@link #status} and {@link #dryRun} existed: both from the summary text,
     * as the job page read it then ({@code FAILED: }, {@code REFUSED: }, {@code NOT healthy: },
     * {@code healthy: }; {@code dry run: } after an optional {@code FAILED: }, or a step ending in
     * {@code (dry run)}).
     */
    private Object readResolve() {
        if (status != null) {
            return this;
        }
        String s = summary == null ? "" : summary;
        Status derived = s.startsWith("FAILED") ? Status.FAILED
                : s.startsWith("REFUSED") ? Status.REFUSED
                : s.startsWith("NOT healthy") ? Status.NOT_HEALTHY
                : "wait".equals(step) && s.startsWith("healthy") ? Status.HEALTHY
                : Status.SUCCEEDED;
        String st = step == null ? "" : step;
        boolean wasDryRun = s.replaceFirst("^FAILED: ", "").startsWith("dry run") || st.equals("diff") || st.endsWith("(dry run)");
        return builder(st, derived).dryRun(wasDryRun).app(app).repo(repo).revision(revision).summary(summary).objects(objects)
                .images(images).items(items).build();
    }

    public String getStep() {
        return step;
    }

    public String getApp() {
        return app;
    }

    public String getRepo() {
        return repo;
    }

    public String getRevision() {
        return revision;
    }

    /** The first 12 characters of the revision, for tables. */
    public String getShortRevision() {
        return Defaults.shortSha(revision);
    }

    public String getSummary() {
        return summary;
    }

    /** How the step ended. */
    public Status getStatus() {
        return status;
    }

    /** Whether the step wrote nothing: a diff or a dry run. */
    public boolean isDryRun() {
        return dryRun;
    }

    public int getObjects() {
        return objects;
    }

    /** "name: old -> new" lines of an image update. */
    public List<String> getImages() {
        return images == null ? List.of() : Collections.unmodifiableList(images);
    }

    /** Per-object lines: what a sync did to each object (changed ones with their masked diff), or each object's health. */
    public List<Item> getItems() {
        return items == null ? List.of() : Collections.unmodifiableList(items);
    }

    /** A record being made; only step and status are required. */
    public static final class Builder {
        private final String step;
        private final Status status;
        private boolean dryRun;
        private String app = "";
        private String repo = "";
        private String revision = "";
        private String summary = "";
        private int objects;
        private List<String> images = List.of();
        private List<Item> items = List.of();

        private Builder(String step, Status status) {
            this.step = Objects.requireNonNull(step, "step");
            this.status = Objects.requireNonNull(status, "status");
        }

        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder app(String v) { app = v; return this; }
        public Builder repo(String v) { repo = v; return this; }
        public Builder revision(String v) { revision = v; return this; }
        public Builder summary(String v) { summary = v; return this; }
        public Builder objects(int v) { objects = v; return this; }
        public Builder images(List<String> v) { images = v; return this; }
        public Builder items(List<Item> v) { items = v; return this; }

        public GitopsRecord build() {
            return new GitopsRecord(this);
        }
    }

    /**
     * One object of a record. Diffs are kept for changed objects only and bounded (a build.xml is
     * kept forever): the console log has them whole. A plain class for XStream.
     */
    public static final class Item implements Serializable {

        private static final long serialVersionUID = 1L;
        static final int MAX_DIFF = 20_000;

        private final String object;
        private final String outcome;
        private final String detail;
        private final String diff;

        public Item(String object, String outcome, String detail, String diff) {
            this.object = object == null ? "" : object;
            this.outcome = outcome == null ? "" : outcome;
            this.detail = detail == null ? "" : detail;
            String d = diff == null ? "" : diff;
            this.diff = d.length() > MAX_DIFF ? d.substring(0, MAX_DIFF) + "\n... (diff cut at " + MAX_DIFF + " characters; the console log has it whole)\n" : d;
        }

        public String getObject() {
            return object;
        }

        public String getOutcome() {
            return outcome;
        }

        public String getDetail() {
            return detail;
        }

        public String getDiff() {
            return diff == null ? "" : diff; // the view calls isEmpty(); XStream may restore an older Item without it
        }
    }
}
