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
 * @param platforms   a policy that chooses among tags (semver, newest-build, alphabetical, numerical) only takes a tag
 *                    whose manifest or index provides every one of these (Image Updater's {@code platforms}); empty: any.
 *                    Manifests are read only when this is set. Explicit mode and the digest strategy ignore it.
 */
public record ImageSpec(ImageReference image, TagPolicy policy, String alias, List<WriteTarget> targets, boolean verify,
                        List<Platform> platforms) {

    public ImageSpec {
        Objects.requireNonNull(image, "image");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new ImageUpdateException(image + ": no write target");
        }
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    public ImageSpec(ImageReference image, TagPolicy policy, String alias, List<WriteTarget> targets, boolean verify) {
        this(image, policy, alias, targets, verify, List.of());
    }

    public ImageSpec withPlatforms(List<Platform> value) {
        return new ImageSpec(image, policy, alias, targets, verify, value);
    }
}
