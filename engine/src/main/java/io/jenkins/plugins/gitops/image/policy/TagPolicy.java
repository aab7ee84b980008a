package io.jenkins.plugins.gitops.image.policy;

import io.jenkins.plugins.gitops.registry.Platform;
import java.util.Objects;

/**
 * What to choose: a strategy and its parameters, and the filter applied first.
 *
 * @param constraint        semver range ({@code ^1.2}, {@code ~1.4.0}, {@code >=1.0 <2}, {@code 1.2.x}); null or empty means any
 * @param order             for alphabetical and numerical; ASC picks the highest (Flux's default)
 * @param includePrerelease semver: also consider pre-releases; implied when the constraint has one ({@code >=1.0.0-0})
 * @param platform          newest-build: whose {@code created} counts in a multi-platform index; null means the first
 */
public record TagPolicy(TagStrategy strategy, String constraint, SortOrder order, boolean includePrerelease,
                        TagFilter filter, Platform platform) {

    public TagPolicy {
        Objects.requireNonNull(strategy, "strategy");
        order = order == null ? SortOrder.ASC : order;
        filter = filter == null ? TagFilter.NONE : filter;
        constraint = constraint == null ? "" : constraint.trim();
    }

    public static TagPolicy semver(String constraint) {
        return new TagPolicy(TagStrategy.SEMVER, constraint, SortOrder.ASC, false, TagFilter.NONE, null);
    }

    public static TagPolicy of(TagStrategy strategy) {
        return new TagPolicy(strategy, null, SortOrder.ASC, false, TagFilter.NONE, null);
    }

    public TagPolicy withFilter(TagFilter f) {
        return new TagPolicy(strategy, constraint, order, includePrerelease, f, platform);
    }

    public TagPolicy withOrder(SortOrder o) {
        return new TagPolicy(strategy, constraint, o, includePrerelease, filter, platform);
    }

    public TagPolicy withPrerelease(boolean p) {
        return new TagPolicy(strategy, constraint, order, p, filter, platform);
    }

    public TagPolicy withPlatform(Platform p) {
        return new TagPolicy(strategy, constraint, order, includePrerelease, filter, p);
    }
}
