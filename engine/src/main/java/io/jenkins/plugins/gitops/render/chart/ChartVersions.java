package io.jenkins.plugins.gitops.render.chart;

import io.jenkins.plugins.gitops.registry.SemverTags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * Chooses a chart version the way Helm and Argo CD do: a version written exactly wins as is
 * (even when it is not semver); otherwise the text is a semver constraint and the highest
 * matching version is taken. Pre-releases only match a constraint that names one
 * ({@code >=1.0.0-0}), as in Helm. Helm's comma for "and" ({@code >=1.0, <2}) is accepted.
 */
final class ChartVersions {

    /** How many versions an error lists: enough to spot a typo, not a whole index. */
    static final int LISTED = 5;

    private ChartVersions() {
    }

    /**
     * @param available the versions the repository has, in any order
     * @param constraint exact version or constraint; "" or {@code *} for the newest stable version
     * @param where the start of error messages ({@code chart repository URL: chart 'web'})
     */
    static String choose(Collection<String> available, String constraint, String where) {
        if (available.isEmpty()) {
            throw new ChartException(where + ": the repository lists no version of it");
        }
        String c = constraint == null ? "" : constraint.strip();
        for (String v : available) {
            if (v.equals(c) || (!c.isEmpty() && strip(v).equals(strip(c)) && parse(c) != null)) {
                return v;
            }
        }
        RangesList ranges = ranges(c, where);
        String best = null;
        Semver bestVersion = null;
        for (String v : available) {
            Semver s = parse(v);
            if (s != null && ranges.isSatisfiedBy(s) && (bestVersion == null || s.compareTo(bestVersion) > 0)) {
                best = v;
                bestVersion = s;
            }
        }
        if (best == null) {
            throw new ChartException(where + ": no version matches '" + (c.isEmpty() ? "*" : c) + "' (newest: "
                    + String.join(", ", newest(available, LISTED)) + ")");
        }
        return best;
    }

    /** Whether the text names one version rather than a range: then an OCI registry can be asked for that tag directly. */
    static boolean isExact(String constraint) {
        String c = constraint == null ? "" : constraint.strip();
        return !c.isEmpty() && parse(c) != null && c.chars().noneMatch(ch -> "<>=~^*xX|, ".indexOf(ch) >= 0);
    }

    /** The highest versions first (semver order; non-semver ones last, by text). */
    static List<String> newest(Collection<String> available, int limit) {
        List<String> sorted = new ArrayList<>(available);
        Comparator<String> bySemver = Comparator.comparing(ChartVersions::parse, Comparator.nullsFirst(Comparator.naturalOrder()));
        sorted.sort(bySemver.thenComparing(Comparator.naturalOrder()));
        java.util.Collections.reverse(sorted);
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }

    private static RangesList ranges(String c, String where) {
        String text = c.isEmpty() || c.equals("latest") ? "*" : c.replaceAll("\\s*,\\s*", " ");
        Optional<RangesList> parsed;
        try {
            parsed = Optional.of(RangesListFactory.create(text, text.contains("-")));
        } catch (RuntimeException e) {
            parsed = Optional.empty();
        }
        if (parsed.isEmpty() || parsed.get().get().isEmpty() || parsed.get().get().stream().anyMatch(List::isEmpty)) {
            throw new ChartException(where + ": '" + c + "' is neither a version the repository has nor a semver constraint"
                    + " (examples: 1.2.3, 1.2.*, ^1.2, >=1.0 <2)");
        }
        return parsed.get();
    }

    private static String strip(String v) {
        return v.startsWith("v") || v.startsWith("V") ? v.substring(1) : v;
    }

    /** {@code 1.2.3}, {@code v1.2.3}, {@code 1.2.3-rc.1+build}; {@code 1.2} and {@code 1} as {@code .0}; null otherwise. */
    static Semver parse(String version) {
        return SemverTags.parse(version.strip());
    }
}
