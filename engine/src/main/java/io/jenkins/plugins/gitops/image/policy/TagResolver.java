package io.jenkins.plugins.gitops.image.policy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.Platform;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers a {@link TagQuery}: the reference to use, querying the registry as the policy needs. It
 * writes nothing and needs no write target, so an update and a registry trigger ask it alike.
 */
public final class TagResolver {

    private final RegistryClient registry;

    public TagResolver(RegistryClient registry) {
        this.registry = registry;
    }

    public ImageDecision resolve(TagQuery query) {
        ImageReference image = query.image();
        TagPolicy policy = query.policy();
        if (policy == null) {
            if (image.tag().isEmpty() && image.digest().isEmpty()) {
                throw new ImageUpdateException(image + ": explicit mode needs a tag or digest");
            }
            if (query.verify() && registry.digest(image).isEmpty()) {
                throw new ImageUpdateException(image + ": not found in the registry (explicit tag verified before writing)");
            }
            return new ImageDecision(image, "explicit" + (query.verify() ? ", verified in the registry" : ""));
        }
        if (policy.strategy() == TagStrategy.DIGEST) {
            String tag = image.tag().orElse("latest");
            String digest = registry.digest(image.withTag(tag)).orElseThrow(() ->
                    new ImageUpdateException(image.withTag(tag) + ": tag not found in the registry (digest strategy)"));
            return new ImageDecision(image.withTag(tag).withDigest(digest), "digest of mutable tag " + tag);
        }
        if (policy.strategy() == TagStrategy.SEMVER) {
            TagSelector.constraint(policy.constraint(), policy.includePrerelease());
        }
        List<String> tags = registry.listTags(image);
        List<Platform> platforms = query.platforms();
        TagSelector.BuildTimes buildTimes = tag -> registry.created(image.withTag(tag), policy.platform());
        List<String> remaining = new ArrayList<>(tags);
        List<String> skipped = new ArrayList<>();
        while (true) {
            // Best first, then check its platforms: manifests are read only for tags that would be chosen.
            Optional<TagCandidate> best = TagSelector.choose(policy, remaining, buildTimes);
            if (best.isEmpty()) {
                throw new ImageUpdateException(image.name() + ": no tag of " + tags.size() + " matches " + describe(policy)
                        + (platforms.isEmpty() ? "" : " and provides platforms " + platforms
                                + (skipped.isEmpty() ? "" : " (lacking a platform: " + String.join(", ", skipped) + ")")));
            }
            String tag = best.get().tag();
            if (platforms.isEmpty() || provides(registry.platformsCached(image.withTag(tag)), platforms)) {
                return new ImageDecision(image.withTag(tag), describe(policy) + (platforms.isEmpty() ? "" : " for " + platforms)
                        + ": " + tag + " of " + tags.size() + " tags" + (skipped.isEmpty() ? "" : ", skipped " + String.join(", ", skipped)
                        + " (platforms missing)"));
            }
            skipped.add(tag);
            remaining.remove(tag);
        }
    }

    /** Every wanted platform is among those the image provides. */
    static boolean provides(List<Platform> provided, List<Platform> wanted) {
        return wanted.stream().allMatch(w -> provided.stream().anyMatch(w::matches));
    }

    static String describe(TagPolicy p) {
        return switch (p.strategy()) {
            case SEMVER -> "semver " + (p.constraint().isEmpty() ? "*" : p.constraint());
            case ALPHABETICAL, NUMERICAL -> p.strategy().cliName() + " " + p.order().name().toLowerCase(java.util.Locale.ROOT);
            default -> p.strategy().cliName();
        };
    }
}
