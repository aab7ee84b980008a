package io.jenkins.plugins.gitops.image.policy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a tag is chosen among a repository's tags. Names as in Argo CD Image Updater and Flux. */
public enum TagStrategy {
    /** Highest version satisfying a semver constraint. */
    SEMVER,
    /** Most recent config {@code created}: one manifest and one blob request per candidate tag. */
    NEWEST_BUILD,
    /** Keep the (mutable) tag, follow its digest: writes {@code tag@sha256:...}. */
    DIGEST,
    /** Lexical order of the (extracted) tag. */
    ALPHABETICAL,
    /** Numeric order of the (extracted) tag; tags that are not numbers are skipped. */
    NUMERICAL;

    /** {@code semver}, {@code newest-build} (also {@code latest}, Image Updater's old name), {@code digest}, {@code alphabetical} ({@code name}), {@code numerical}. */
    public static TagStrategy parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "semver" -> SEMVER;
            case "newest-build", "latest" -> NEWEST_BUILD;
            case "digest" -> DIGEST;
            case "alphabetical", "name" -> ALPHABETICAL;
            case "numerical" -> NUMERICAL;
            default -> throw new ImageUpdateException("strategy '" + text + "': expected one of "
                    + Arrays.stream(values()).map(TagStrategy::cliName).collect(Collectors.joining(", ")));
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
