package io.jenkins.plugins.gitops.plugin.agent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an image update did, sent back from the agent. {@link #toMap()} is the step's return value. */
public record ImageUpdateOutcome(List<Image> images, List<Change> changes, String commit, boolean pushed, String branch,
        String summary, boolean dryRun) implements Serializable {

    /** One image: the value written before ("" when none was found to change) and the reference chosen. */
    public record Image(String name, String oldValue, String newReference, String newTag, String newDigest, String reason,
            boolean changed) implements Serializable {
    }

    /** One value changed in one file. */
    public record Change(String subject, String file, int line, String path, String oldValue, String newValue) implements Serializable {
    }

    public ImageUpdateOutcome {
        images = List.copyOf(images);
        changes = List.copyOf(changes);
        commit = commit == null ? "" : commit;
    }

    /** The tag of the first image: the value most CT pipelines want ({@code GITOPS_NEW_TAG}). */
    public String firstNewTag() {
        return images.isEmpty() ? "" : images.get(0).newTag();
    }

    public Map<String, Object> toMap() {
        List<Map<String, Object>> imageMaps = new ArrayList<>();
        for (Image i : images) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("old", i.oldValue());
            m.put("new", i.newReference());
            m.put("newTag", i.newTag());
            m.put("newDigest", i.newDigest());
            m.put("reason", i.reason());
            m.put("changed", i.changed());
            imageMaps.add(m);
        }
        List<Map<String, Object>> changeMaps = new ArrayList<>();
        for (Change c : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", c.subject());
            m.put("file", c.file());
            m.put("line", c.line());
            m.put("path", c.path());
            m.put("old", c.oldValue() == null ? "" : c.oldValue());
            m.put("new", c.newValue());
            changeMaps.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", imageMaps);
        m.put("changes", changeMaps);
        m.put("commit", commit);
        m.put("pushed", pushed);
        m.put("branch", branch);
        m.put("summary", summary);
        m.put("dryRun", dryRun);
        return m;
    }
}
