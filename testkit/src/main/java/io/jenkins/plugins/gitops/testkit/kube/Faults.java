package io.jenkins.plugins.gitops.testkit.kube;

import java.time.Duration;
import java.util.Random;

/**
 * Fault injection for reliability tests: a share of requests answered with 429 (with
 * Retry-After), 500, or 409 (writes only), dropped without an answer, or delayed. Discovery and
 * watches are spared unless asked, since a client cannot do anything useful without them.
 * A seeded random makes a faulty run repeatable. Thread-safe; change it at any time.
 */
public final class Faults {

    /** What happens to one request. */
    public enum Fault { NONE, TOO_MANY_REQUESTS, SERVER_ERROR, CONFLICT, DROP }

    private final Random random;
    private volatile double tooManyRequests;
    private volatile double serverError;
    private volatile double conflict;
    private volatile double drop;
    private volatile Duration delay = Duration.ZERO;
    private final java.util.Map<String, Duration> writeDelays = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int retryAfterSeconds = 1;
    private volatile boolean includeDiscoveryAndWatch;

    public Faults(long seed) {
        this.random = new Random(seed);
    }

    public Faults() {
        this(42);
    }

    /** Turns every fault off. */
    public Faults none() {
        tooManyRequests = serverError = conflict = drop = 0;
        delay = Duration.ZERO;
        writeDelays.clear();
        return this;
    }

    public Faults tooManyRequests(double rate, int retryAfterSeconds) {
        this.tooManyRequests = rate;
        this.retryAfterSeconds = retryAfterSeconds;
        return this;
    }

    public Faults serverErrors(double rate) {
        this.serverError = rate;
        return this;
    }

    public Faults conflicts(double rate) {
        this.conflict = rate;
        return this;
    }

    public Faults droppedConnections(double rate) {
        this.drop = rate;
        return this;
    }

    /** Every answer waits this long first. */
    public Faults slow(Duration delay) {
        this.delay = delay;
        return this;
    }

    /**
     * Writes (dry runs included) to one resource ({@code configmaps}, {@code widgets}) wait this
     * long before they are served, other requests not: makes one kind slow, so that a test can
     * tell whether a client awaits it before writing the next kind.
     */
    public Faults slowWrites(String resource, Duration delay) {
        writeDelays.put(resource, delay);
        return this;
    }

    public Faults includeDiscoveryAndWatch(boolean include) {
        this.includeDiscoveryAndWatch = include;
        return this;
    }

    public Duration delay() {
        return delay;
    }

    /** The delay of one request: the general one, or a slower one for writes to a resource given to {@link #slowWrites}. */
    Duration delay(boolean write, String path) {
        Duration d = delay;
        if (write && !writeDelays.isEmpty()) {
            String[] segments = path.split("/");
            // any path segment naming the resource (a namespace or name spelled the same matches too: test data avoids that)
            for (String s : segments) {
                Duration w = writeDelays.get(s);
                if (w != null && w.compareTo(d) > 0) {
                    d = w;
                }
            }
        }
        return d;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Draws the fault for one request. */
    Fault draw(boolean write, boolean discoveryOrWatch) {
        if (discoveryOrWatch && !includeDiscoveryAndWatch) {
            return Fault.NONE;
        }
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        if ((r -= tooManyRequests) < 0) {
            return Fault.TOO_MANY_REQUESTS;
        }
        if ((r -= serverError) < 0) {
            return Fault.SERVER_ERROR;
        }
        if ((r -= drop) < 0) {
            return Fault.DROP;
        }
        if (write && (r - conflict) < 0) {
            return Fault.CONFLICT;
        }
        return Fault.NONE;
    }
}
