package io.jenkins.plugins.gitops.image.policy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.SemverTags;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * Chooses one tag among many with a {@link TagPolicy}. Pure except for the build-time lookup that
 * the newest-build strategy needs; ties are broken by the tag text so that the choice is stable
 * whatever order the registry lists tags in.
 */
public final class TagSelector {

    private TagSelector() {
    }

    /** Looks up the build time of a tag; empty when the image has none. */
    @FunctionalInterface
    public interface BuildTimes extends Function<String, Optional<Instant>> {
    }

    /** The chosen candidate, or empty when no tag qualifies. DIGEST is not a choice among tags: use the reference's tag. */
    public static Optional<TagCandidate> choose(TagPolicy policy, List<String> tags, BuildTimes buildTimes) {
        List<TagCandidate> candidates = policy.filter().apply(tags);
        return switch (policy.strategy()) {
            case SEMVER -> semver(policy, candidates);
            case ALPHABETICAL -> ordered(policy.order(), candidates, Comparator.comparing(TagCandidate::key));
            case NUMERICAL -> ordered(policy.order(), candidates.stream().filter(c -> number(c.key()) != null).toList(),
                    Comparator.comparing(c -> number(c.key())));
            case NEWEST_BUILD -> newest(candidates, buildTimes);
            case DIGEST -> throw new ImageUpdateException("the digest strategy follows one tag; it does not choose among tags");
        };
    }

    /** Parses and checks a constraint up front, so that a typo fails the step instead of matching nothing. */
    public static RangesList constraint(String constraint, boolean includePrerelease) {
        String c = constraint == null || constraint.isBlank() ? "*" : constraint;
        RangesList ranges = RangesListFactory.create(c, includePrerelease || c.contains("-"));
        if (ranges.get().isEmpty() || ranges.get().stream().anyMatch(List::isEmpty)) {
            throw new ImageUpdateException("semver constraint '" + constraint + "' does not parse (examples: ^1.2, ~1.4.0, >=1.0 <2, 1.2.x)");
        }
        return ranges;
    }

    private static Optional<TagCandidate> semver(TagPolicy policy, List<TagCandidate> candidates) {
        RangesList ranges = constraint(policy.constraint(), policy.includePrerelease());
        TagCandidate best = null;
        Semver bestVersion = null;
        for (TagCandidate c : candidates) {
            Semver v = SemverTags.parse(c.key());
            if (v == null || !ranges.isSatisfiedBy(v)) {
                continue;
            }
            int cmp = bestVersion == null ? 1 : v.compareTo(bestVersion);
            if (cmp > 0 || (cmp == 0 && c.tag().compareTo(best.tag()) > 0)) {
                best = c;
                bestVersion = v;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<TagCandidate> ordered(SortOrder order, List<TagCandidate> candidates, Comparator<TagCandidate> byKey) {
        Comparator<TagCandidate> cmp = byKey.thenComparing(TagCandidate::tag);
        return order == SortOrder.ASC ? candidates.stream().max(cmp) : candidates.stream().min(cmp);
    }

    private static BigDecimal number(String key) {
        try {
            return new BigDecimal(key);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Optional<TagCandidate> newest(List<TagCandidate> candidates, BuildTimes buildTimes) {
        TagCandidate best = null;
        Instant bestTime = null;
        for (TagCandidate c : candidates) {
            Optional<Instant> t = buildTimes.apply(c.tag());
            if (t.isEmpty()) {
                continue;
            }
            int cmp = bestTime == null ? 1 : t.get().compareTo(bestTime);
            if (cmp > 0 || (cmp == 0 && c.tag().compareTo(best.tag()) > 0)) {
                best = c;
                bestTime = t.get();
            }
        }
        return Optional.ofNullable(best);
    }
}
