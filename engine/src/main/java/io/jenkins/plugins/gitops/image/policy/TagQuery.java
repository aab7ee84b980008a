package io.jenkins.plugins.gitops.image.policy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to resolve for one image, and nothing about where it is written: the question a registry
 * trigger asks ({@link TagResolver#resolve}) and the first half of an update's
 * {@code ImageSpec}.
 *
 * @param image     the image; its tag is the one the digest strategy follows, and in explicit mode the tag to write
 * @param policy    how to choose; null means explicit mode (the image's own tag and/or digest)
 * @param verify    explicit mode: check the tag exists in the registry before it is used
 * @param platforms a policy that chooses among tags only takes a tag whose manifest or index provides every one
 *                  of these (Image Updater's {@code platforms}); empty: any
 */
public record TagQuery(ImageReference image, TagPolicy policy, boolean verify, List<Platform> platforms) {

    public TagQuery {
        Objects.requireNonNull(image, "image");
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    public boolean explicit() {
        return policy == null;
    }

    public TagQuery withPlatforms(List<Platform> value) {
        return new TagQuery(image, policy, verify, value);
    }

    /** The one way the faces (CLI options, step fields, trigger fields) turn their text into a query. */
    public static Builder builder(String image) {
        return new Builder(image);
    }

    /**
     * Text parameters as the CLI and the steps take them; blank means unset. A tag or digest, or
     * the strategy {@code explicit}, selects explicit mode; otherwise the strategy defaults to semver.
     */
    public static final class Builder {
        private final String image;
        private String strategy;
        private String constraint;
        private boolean preRelease;
        private String order;
        private String allowTags;
        private List<String> ignoreTags = List.of();
        private String extract;
        private String extractGroup;
        private String platform;
        private List<String> platforms = List.of();
        private String tag;
        private String digest;
        private boolean verify;

        private Builder(String image) {
            this.image = image;
        }

        /** semver, newest-build, digest, alphabetical, numerical, or explicit. */
        public Builder strategy(String value) {
            strategy = value;
            return this;
        }

        public Builder constraint(String value) {
            constraint = value;
            return this;
        }

        public Builder preRelease(boolean value) {
            preRelease = value;
            return this;
        }

        /** asc (the highest, default) or desc, for alphabetical and numerical. */
        public Builder order(String value) {
            order = value;
            return this;
        }

        public Builder allowTags(String regex) {
            allowTags = regex;
            return this;
        }

        public Builder ignoreTags(List<String> globs) {
            ignoreTags = globs == null ? List.of() : globs;
            return this;
        }

        /** A regex the tag must match and the group of it compared (name, $name or number; null: the first). */
        public Builder extract(String regex, String group) {
            extract = regex;
            extractGroup = group;
            return this;
        }

        /** newest-build: the platform whose build time counts ({@code os/arch[/variant]}). */
        public Builder platform(String value) {
            platform = value;
            return this;
        }

        /** {@code os/arch[/variant]} a chosen tag must all provide. */
        public Builder platforms(List<String> values) {
            platforms = values == null ? List.of() : values;
            return this;
        }

        /** Explicit mode: the tag to write. */
        public Builder tag(String value) {
            tag = value;
            return this;
        }

        /** Explicit mode: the digest to write. */
        public Builder digest(String value) {
            digest = value;
            return this;
        }

        /** Explicit mode: check the tag exists in the registry first. Ignored by the strategies. */
        public Builder verify(boolean value) {
            verify = value;
            return this;
        }

        public TagQuery build() {
            if (blank(image)) {
                throw new ImageUpdateException("image: empty; give an image name such as ghcr.io/acme/app").asBadInput();
            }
            ImageReference ref = ImageReference.parse(image.strip());
            List<Platform> wanted = new ArrayList<>();
            for (String p : platforms) {
                wanted.add(Platform.parse(p.strip()));
            }
            boolean namedExplicit = "explicit".equalsIgnoreCase(strip(strategy));
            if (namedExplicit || !blank(tag) || !blank(digest)) {
                if (!blank(strategy) && !namedExplicit) {
                    throw new ImageUpdateException(image.strip() + ": a tag or digest (explicit mode) and strategy '" + strategy.strip()
                            + "' exclude each other").asBadInput();
                }
                ref = ImageReference.parse(ref.name() + (blank(tag) ? "" : ":" + tag.strip()) + (blank(digest) ? "" : "@" + digest.strip()));
                return new TagQuery(ref, null, verify, wanted);
            }
            TagStrategy s = TagStrategy.parse(blank(strategy) ? "semver" : strategy);
            TagPolicy policy = new TagPolicy(s, constraint, blank(order) ? SortOrder.ASC : SortOrder.parse(order), preRelease,
                    TagFilter.of(allowTags, ignoreTags, extract, extractGroup), blank(platform) ? null : Platform.parse(platform.strip()));
            return new TagQuery(ref, policy, false, wanted);
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private static String strip(String s) {
            return s == null ? "" : s.strip();
        }
    }
}
