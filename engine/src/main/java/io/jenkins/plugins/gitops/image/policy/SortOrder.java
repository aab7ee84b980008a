package io.jenkins.plugins.gitops.image.policy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.util.Locale;

/**
 * Order for the alphabetical and numerical strategies, as Flux defines it: {@code ASC} picks the
 * last tag in ascending order (the highest), {@code DESC} the last in descending order (the lowest).
 */
public enum SortOrder {
    ASC, DESC;

    public static SortOrder parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> ASC;
            case "desc" -> DESC;
            default -> throw new ImageUpdateException("order '" + text + "': expected asc or desc");
        };
    }
}
