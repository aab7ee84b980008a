package io.jenkins.plugins.gitops.registry;

import org.semver4j.Semver;

/**
 * Versions read from OCI tags, as image tags and chart versions spell them: shared by the tag
 * policies of the image update and the chart versions of a Helm render, so that both read
 * {@code v1.2} the same way.
 */
public final class SemverTags {

    private SemverTags() {
    }

    /**
     * A version from a tag: {@code v1.2.3}, {@code 1.2.3-rc.1}, and the short forms {@code 1.2} and
     * {@code 1} (as Image Updater accepts, and Helm for chart versions); null for anything else.
     */
    public static Semver parse(String tag) {
        String t = tag.startsWith("v") || tag.startsWith("V") ? tag.substring(1) : tag;
        if (t.isEmpty() || !Character.isDigit(t.charAt(0))) {
            return null;
        }
        Semver v = Semver.parse(t);
        if (v == null && t.matches("\\d+(\\.\\d+)?")) {
            v = Semver.parse(t.contains(".") ? t + ".0" : t + ".0.0");
        }
        return v;
    }
}
