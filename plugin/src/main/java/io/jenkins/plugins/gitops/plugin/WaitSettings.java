package io.jenkins.plugins.gitops.plugin;

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

    final String app;
    final String selector;
    final String namespace;
    final boolean failFast;
    final boolean allowSuspended;
    final boolean rollbackOnFailure;
    final String inventoryNamespace;
    final String initiator;
    final ArrayList<HealthCheck> healthChecks;
    final String clusterCredentialsId;
    final String context;
    final String server;
    final String caCredentialsId;
    /** Null in a wait persisted by an older version: then "" and false. */
    final String cluster;
    final boolean inCluster;
    /** {@code healthy} or {@code paused}; null in a wait persisted by an older version: healthy. */
    final String until;

    WaitSettings(String app, String selector, String namespace, boolean failFast, boolean allowSuspended, boolean rollbackOnFailure,
            String inventoryNamespace, String initiator, List<HealthCheck> healthChecks, ClusterSettings cluster) {
        this(app, selector, namespace, failFast, allowSuspended, rollbackOnFailure, inventoryNamespace, initiator, healthChecks, cluster, "healthy");
    }

    WaitSettings(String app, String selector, String namespace, boolean failFast, boolean allowSuspended, boolean rollbackOnFailure,
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
        this.clusterCredentialsId = cluster.credentialsId();
        this.context = cluster.context();
        this.server = cluster.server();
        this.caCredentialsId = cluster.caCredentialsId();
        this.cluster = cluster.cluster();
        this.inCluster = cluster.inCluster();
        this.until = until;
    }

    /** True when the wait ends at an Argo Rollout's pause step ({@code until: 'paused'}). */
    boolean untilPaused() {
        return "paused".equals(until);
    }

    ClusterSettings cluster() {
        return new ClusterSettings(clusterCredentialsId, context, server, caCredentialsId, cluster, inCluster);
    }

    /** The label selector scoping the watches: the one given, or the app's label (the engine's {@link WaitTargets#selector}). */
    String labelSelector() {
        return WaitTargets.selector(app, selector);
    }
}
