package io.jenkins.plugins.gitops.health;

/**
 * How healthy one object is, in Argo CD's vocabulary. The declaration order is the severity order
 * Argo CD uses to aggregate an application (Healthy &lt; Suspended &lt; Progressing &lt; Missing &lt;
 * Degraded &lt; Unknown): keep it, {@link #isWorseThan} and {@link HealthAssessor#aggregate} rely on it.
 * Unknown is the worst because a check that could not run must never hide a failure.
 */
public enum HealthStatus {
    /** The object reached its desired state. */
    HEALTHY("Healthy"),
    /** Deliberately paused or suspended (paused Deployment, suspended Job or CronJob). */
    SUSPENDED("Suspended"),
    /** Not healthy yet, but may still get there (rollout under way, pending deletion). */
    PROGRESSING("Progressing"),
    /** Expected but absent from the cluster. Rules never return it; callers comparing sets do. */
    MISSING("Missing"),
    /** Failed, or will not reach its desired state without a change (crash loop, deadline exceeded). */
    DEGRADED("Degraded"),
    /** The health check itself failed. */
    UNKNOWN("Unknown");

    private final String displayName;

    HealthStatus(String displayName) {
        this.displayName = displayName;
    }

    /** True when this status is more severe than {@code other} in Argo CD's order. */
    public boolean isWorseThan(HealthStatus other) {
        return compareTo(other) > 0;
    }

    /** The spelling Argo CD shows ({@code Healthy}, {@code Progressing}...), for reports and logs. */
    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
