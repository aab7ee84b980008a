package io.jenkins.plugins.gitops.plugin.triggers;

import hudson.model.Cause;

/** "Started by a new image tag": shown on the build page of a registry-triggered build. */
public final class RegistryTagCause extends Cause {

    private final String image;
    private final String tag;
    private final String digest;

    public RegistryTagCause(String image, String tag, String digest) {
        this.image = image;
        this.tag = tag;
        this.digest = digest;
    }

    public String getImage() {
        return image;
    }

    public String getTag() {
        return tag;
    }

    public String getDigest() {
        return digest;
    }

    @Override
    public String getShortDescription() {
        return "Started by a new image tag " + image + ":" + tag + (digest == null || digest.isEmpty() ? "" : " (" + digest + ")");
    }
}
