package io.jenkins.plugins.gitops.health;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The message Knative-style rules give: one line per condition that is False or Unknown, like
 * {@code Ready is False, since RevisionFailed. Container failed}, so the user sees every blocker.
 */
final class NotTrueConditions {

    private NotTrueConditions() {
    }

    static String describe(List<Condition> conditions) {
        return conditions.stream()
                .filter(c -> c.isFalse() || "Unknown".equals(c.status()))
                .map(NotTrueConditions::line)
                .collect(Collectors.joining("\n"));
    }

    private static String line(Condition c) {
        StringBuilder b = new StringBuilder(c.type()).append(" is ").append(c.status());
        if (!c.reason().isEmpty()) {
            b.append(", since ").append(c.reason()).append('.');
        }
        if (!c.message().isEmpty()) {
            b.append(' ').append(c.message());
        }
        return b.toString();
    }
}
