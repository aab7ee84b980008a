package io.jenkins.plugins.gitops.image;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.edit.WriteTarget;
import io.jenkins.plugins.gitops.image.policy.TagPolicy;
import io.jenkins.plugins.gitops.image.policy.TagQuery;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.Platform;
import java.util.List;
import java.util.Objects;

/**
 * One image of a step: which image, how to choose its tag ({@link #query()}), and where to write it.
 * The faces build it with {@link #of(TagQuery, String, List)} from {@link TagQuery#builder}.
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

    /**
     * The image of {@code query} written to {@code targets} in the engine's text form
     * ({@code kustomization:DIR}, {@code helm-values:FILE:TAGPATH}, ..., see {@link WriteTarget#parse}).
     *
     * @param alias the name setters use for it; null or blank: the last path component
     */
    public static ImageSpec of(TagQuery query, String alias, List<String> targets) {
        List<WriteTarget> parsed = targets.stream().map(WriteTarget::parse).toList();
        return new ImageSpec(query.image(), query.policy(), alias == null || alias.isBlank() ? null : alias.strip(), parsed,
                query.verify(), query.platforms());
    }

    /** What to resolve, without the targets: the part the registry answers. */
    public TagQuery query() {
        return new TagQuery(image, policy, verify, platforms);
    }

    public ImageSpec withPlatforms(List<Platform> value) {
        return new ImageSpec(image, policy, alias, targets, verify, value);
    }
}
