package io.jenkins.plugins.gitops.image;

import java.util.List;
import java.util.Objects;

/**
 * One image of a step: which image, how to choose its tag, and where to write it.
 *
 * @param image       the image; its tag is the one the digest strategy follows, and in explicit mode the tag to write
 * @param policy      how to choose; null means explicit mode (the image's own tag and/or digest)
 * @param alias       the name setters use for it (Flux policy {@code ns:name}); null: last path component
 * @param verify      explicit mode: check the tag exists in the registry (skipped when the registry cannot be reached anonymously and no credentials are set is NOT assumed: a refusal is an error)
 */
public record ImageSpec(ImageReference image, TagPolicy policy, String alias, List<WriteTarget> targets, boolean verify) {

    public ImageSpec {
        Objects.requireNonNull(image, "image");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new ImageUpdateException(image + ": no write target");
        }
    }
}
