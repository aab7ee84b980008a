package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.image.ImageReference;
import io.jenkins.plugins.gitops.image.ImageSpec;
import io.jenkins.plugins.gitops.image.ImageUpdateException;
import io.jenkins.plugins.gitops.image.Platform;
import io.jenkins.plugins.gitops.image.SortOrder;
import io.jenkins.plugins.gitops.image.TagFilter;
import io.jenkins.plugins.gitops.image.TagPolicy;
import io.jenkins.plugins.gitops.image.TagStrategy;
import io.jenkins.plugins.gitops.image.WriteTarget;
import java.io.Serializable;
import java.util.List;

/**
 * One image of an update in serializable form (no engine types), turned into the engine's
 * {@link ImageSpec} on the agent.
 *
 * @param strategy semver, newest-build, digest, alphabetical, numerical; "explicit" (or a tag/digest given) for explicit mode
 * @param verify   explicit mode: check the tag exists in the registry first
 * @param targets  where to write, in the engine's form ({@code kustomization:DIR}, {@code helm-values:FILE:PATH}, ...)
 * @param platforms {@code os/arch[/variant]} a chosen tag must all provide; empty: any
 */
public record ImageRequest(String name, String strategy, String constraint, String allowTags, List<String> ignoreTags, String tag,
        String digest, boolean verify, List<String> targets, List<String> platforms) implements Serializable {

    public ImageRequest {
        ignoreTags = List.copyOf(ignoreTags == null ? List.of() : ignoreTags);
        targets = List.copyOf(targets == null ? List.of() : targets);
        platforms = List.copyOf(platforms == null ? List.of() : platforms);
    }

    public ImageRequest(String name, String strategy, String constraint, String allowTags, List<String> ignoreTags, String tag,
            String digest, boolean verify, List<String> targets) {
        this(name, strategy, constraint, allowTags, ignoreTags, tag, digest, verify, targets, List.of());
    }

    boolean explicit() {
        return "explicit".equalsIgnoreCase(strategy) || !isBlank(tag) || !isBlank(digest);
    }

    public ImageSpec toSpec() {
        ImageReference ref = ImageReference.parse(name.strip());
        List<WriteTarget> writeTargets = targets.stream().map(WriteTarget::parse).toList();
        if (explicit()) {
            if (!isBlank(strategy) && !"explicit".equalsIgnoreCase(strategy)) {
                throw new ImageUpdateException(name + ": a tag or digest (explicit mode) and strategy '" + strategy + "' exclude each other");
            }
            ref = ImageReference.parse(ref.name() + (isBlank(tag) ? "" : ":" + tag.strip()) + (isBlank(digest) ? "" : "@" + digest.strip()));
            return new ImageSpec(ref, null, null, writeTargets, verify);
        }
        TagStrategy s = TagStrategy.parse(isBlank(strategy) ? "semver" : strategy);
        TagPolicy policy = new TagPolicy(s, s == TagStrategy.SEMVER ? constraint : null, SortOrder.ASC, false,
                TagFilter.of(allowTags, ignoreTags, null, null), null);
        return new ImageSpec(ref, policy, null, writeTargets, false, platforms.stream().map(Platform::parse).toList());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
