package io.jenkins.plugins.gitops.image.edit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One value changed in one file: what, where (1-based line), from what, to what. {@code oldValue}
 * is null when the value was added.
 *
 * @param subject the image name or marker name the change is for
 */
public record ValueChange(String subject, String file, int line, String path, String oldValue, String newValue) {

    /** {@code subject, file, line, path, old, new}; {@code old} is "" for an added value. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("file", file);
        m.put("line", line);
        m.put("path", path);
        m.put("old", oldValue == null ? "" : oldValue);
        m.put("new", newValue);
        return m;
    }

    @Override
    public String toString() {
        return file + ":" + line + " " + path + ": " + (oldValue == null ? "(added)" : oldValue) + " -> " + newValue;
    }
}
