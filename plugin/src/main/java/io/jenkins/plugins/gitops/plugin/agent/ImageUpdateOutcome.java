package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an image update (or its dry run) did, sent back from the agent: the engine's own form
 * ({@code ImageUpdateResult.toMap()} or {@code ImageUpdatePlan.toMap()}), copied into plain
 * serializable collections and masked, plus the engine's one line per image for the build record.
 * {@link #toMap()} is the step's return value.
 */
public final class ImageUpdateOutcome implements Serializable {

    private static final long serialVersionUID = 2L;

    private final LinkedHashMap<String, Object> result;
    private final ArrayList<String> lines;

    ImageUpdateOutcome(Map<String, Object> result, List<String> lines, Masker masker) {
        this.result = copy(result, masker);
        this.lines = new ArrayList<>(lines.stream().map(masker::mask).toList());
    }

    /** The map as the engine built it, in plain {@link LinkedHashMap}s and {@link ArrayList}s, every string masked. */
    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, Object> copy(Map<String, ?> map, Masker masker) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, value(v, masker)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v, Masker masker) {
        if (v instanceof Map<?, ?> m) {
            return copy((Map<String, ?>) m, masker);
        }
        if (v instanceof List<?> l) {
            ArrayList<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(value(e, masker)));
            return out;
        }
        return v instanceof String s ? masker.mask(s) : v;
    }

    public Map<String, Object> toMap() {
        return copy(result, Masker.none());
    }

    /** {@code name: old -> new} per image. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String summary() {
        return (String) result.get("summary");
    }

    public String branch() {
        return (String) result.get("branch");
    }

    /** The commit pushed, "" when none. */
    public String revision() {
        return (String) result.get("revision");
    }

    public boolean pushed() {
        return Boolean.TRUE.equals(result.get("pushed"));
    }

    public boolean dryRun() {
        return Boolean.TRUE.equals(result.get("dryRun"));
    }

    public int changeCount() {
        return ((List<?>) result.get("changes")).size();
    }

    /** The tag of the first image: the value most CT pipelines want ({@code GITOPS_NEW_TAG}). */
    public String firstNewTag() {
        return firstImage("newTag");
    }

    /** The reference chosen for the first image ({@code GITOPS_NEW_IMAGE}). */
    public String firstNewImage() {
        return firstImage("new");
    }

    private String firstImage(String field) {
        List<?> images = (List<?>) result.get("images");
        return images.isEmpty() ? "" : String.valueOf(((Map<?, ?>) images.get(0)).get(field));
    }
}
