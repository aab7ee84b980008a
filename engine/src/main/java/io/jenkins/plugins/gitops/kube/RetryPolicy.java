package io.jenkins.plugins.gitops.kube;

import java.time.Duration;

/**
 * How a {@link Cluster} retries transient failures (429, 5xx, timeouts, dropped connections, a
 * 409 that is not an apply field conflict): exponential backoff from {@code initial}, doubled
 * each time up to {@code max}, at most {@code attempts} tries in all. A 429's Retry-After is
 * honoured, capped at {@code max}.
 */
public record RetryPolicy(int attempts, Duration initial, Duration max) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** 8 attempts, 100 ms doubling to 5 s: about 15 s of patience in all. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** The pause before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt, Duration retryAfter) {
        long exp = initial.toMillis() << Math.min(attempt - 1, 20);
        long ms = Math.min(exp, max.toMillis());
        if (retryAfter != null && !retryAfter.isZero()) {
            ms = Math.min(Math.max(ms, retryAfter.toMillis()), max.toMillis());
        }
        return Duration.ofMillis(ms);
    }
}
