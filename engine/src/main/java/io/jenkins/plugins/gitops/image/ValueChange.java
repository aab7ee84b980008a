package io.jenkins.plugins.gitops.image;

/**
 * One value changed in one file: what, where (1-based line), from what, to what. {@code oldValue}
 * is null when the value was added.
 *
 * @param subject the image name or marker name the change is for
 */
public record ValueChange(String subject, String file, int line, String path, String oldValue, String newValue) {

    @Override
    public String toString() {
        return file + ":" + line + " " + path + ": " + (oldValue == null ? "(added)" : oldValue) + " -> " + newValue;
    }
}
