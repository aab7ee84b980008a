package io.jenkins.plugins.gitops.plugin.cluster;

import io.jenkins.plugins.gitops.plugin.steps.HealthCheck;
import io.jenkins.plugins.gitops.sync.WaitTargets;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How to wait, as a waiting step keeps it across a controller restart: plain strings, booleans
 * and credential IDs (a plain class, not a record, for the Pipeline's serialization). No secret.
 */
public final class WaitSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String app;
    final String selector;
    public final String namespace;
    final boolean failFast;
    final boolean allowSuspended;
    final boolean rollbackOnFailure;
    final String inventoryNamespace;
    final String initiator;
    public final ArrayList<HealthCheck> healthChecks;
    /** Which cluster: the step's cluster fields as one value (credential IDs, never a secret). */
    final ClusterSettings cluster;
    /** {@code healthy} or {@code paused}; null in a wait persisted by an older version: healthy. */
    final String until;

    public WaitSettings(String app, String selector, String namespace, boolean failFast, boolean allowSuspended, boolean rollbackOnFailure,
            String inventoryNamespace, String initiator, List<HealthCheck> healthChecks, ClusterSettings cluster) {
        this(app, selector, namespace, failFast, allowSuspended, rollbackOnFailure, inventoryNamespace, initiator, healthChecks, cluster, "healthy");
    }

    public WaitSettings(String app, String selector, String namespace, boolean failFast, boolean allowSuspended, boolean rollbackOnFailure,
            String inventoryNamespace, String initiator, List<HealthCheck> healthChecks, ClusterSettings cluster, String until) {
        this.app = app;
        this.selector = selector;
        this.namespace = namespace;
        this.failFast = failFast;
        this.allowSuspended = allowSuspended;
        this.rollbackOnFailure = rollbackOnFailure;
        this.inventoryNamespace = inventoryNamespace;
        this.initiator = initiator;
        this.healthChecks = new ArrayList<>(healthChecks == null ? List.of() : healthChecks);
        this.cluster = cluster;
        this.until = until;
    }

    /** True when the wait ends at an Argo Rollout's pause step ({@code until: 'paused'}). */
    public boolean untilPaused() {
        return "paused".equals(until);
    }

    public ClusterSettings cluster() {
        return cluster;
    }

    /** The label selector scoping the watches: the one given, or the app's label (the engine's {@link WaitTargets#selector}). */
    public String labelSelector() {
        return WaitTargets.selector(app, selector);
    }
}
