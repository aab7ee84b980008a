package io.jenkins.plugins.gitops.health;

import java.util.Objects;

/**
 * The result of assessing one object: a status and a human-readable message (never null, often
 * empty). A value, so results can be compared, aggregated and reported without reference to the
 * object they came from.
 */
public record Health(HealthStatus status, String message) {

    public Health {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message.strip();
    }

    public static Health healthy() {
        return new Health(HealthStatus.HEALTHY, "");
    }

    public static Health healthy(String message) {
        return new Health(HealthStatus.HEALTHY, message);
    }

    public static Health suspended(String message) {
        return new Health(HealthStatus.SUSPENDED, message);
    }

    public static Health progressing(String message) {
        return new Health(HealthStatus.PROGRESSING, message);
    }

    public static Health missing(String message) {
        return new Health(HealthStatus.MISSING, message);
    }

    public static Health degraded(String message) {
        return new Health(HealthStatus.DEGRADED, message);
    }

    public static Health unknown(String message) {
        return new Health(HealthStatus.UNKNOWN, message);
    }

    /** {@code Progressing: Waiting for 2 pods to be ready...}, or just the status when there is no message. */
    @Override
    public String toString() {
        return message.isEmpty() ? status.displayName() : status.displayName() + ": " + message;
    }
}
