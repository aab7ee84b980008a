package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.image.ImageSpec;
import io.jenkins.plugins.gitops.image.policy.TagQuery;
import java.io.Serializable;
import java.util.List;

/**
 * One image of an update in serializable form (no engine types), turned into the engine's
 * {@link ImageSpec} on the agent (or, for a trigger, into a {@link TagQuery} alone).
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

    /** What to resolve, through the engine's one factory ({@link TagQuery#builder}); no write target needed. */
    TagQuery toQuery() {
        return TagQuery.builder(name).strategy(strategy).constraint(constraint).allowTags(allowTags).ignoreTags(ignoreTags)
                .platforms(platforms).tag(tag).digest(digest).verify(verify).build();
    }

    /** The engine's spec: {@link #toQuery()} written to {@link #targets()}. */
    ImageSpec toSpec() {
        return ImageSpec.of(toQuery(), null, targets);
    }
}
