package io.jenkins.plugins.gitops.plugin;

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

    public GitopsRecord(String step, String app, String repo, String revision, String summary, int objects, List<String> images) {
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
        return revision.length() > 12 ? revision.substring(0, 12) : revision;
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
}
