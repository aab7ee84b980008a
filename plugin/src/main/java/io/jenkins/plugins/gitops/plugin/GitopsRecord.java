package io.jenkins.plugins.gitops.plugin;

import io.jenkins.plugins.gitops.Defaults;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One line of a build's GitOps summary: what a step did. Kept small and free of engine types
 * because it is stored in build.xml forever (a plain class, not a record: XStream restores fields).
 */
public final class GitopsRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String step;
    private final String app;
    private final String repo;
    private final String revision;
    private final String summary;
    private final int objects;
    private final List<String> images;

    /** Per-object lines (sync outcomes, health); null in builds recorded before they existed. */
    private final List<Item> items;

    public GitopsRecord(String step, String app, String repo, String revision, String summary, int objects, List<String> images) {
        this(step, app, repo, revision, summary, objects, images, List.of());
    }

    public GitopsRecord(String step, String app, String repo, String revision, String summary, int objects, List<String> images,
            List<Item> items) {
        this.items = new ArrayList<>(items == null ? List.of() : items);
        this.step = step;
        this.app = app == null ? "" : app;
        this.repo = repo == null ? "" : repo;
        this.revision = revision == null ? "" : revision;
        this.summary = summary == null ? "" : summary;
        this.objects = objects;
        this.images = new ArrayList<>(images == null ? List.of() : images);
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
