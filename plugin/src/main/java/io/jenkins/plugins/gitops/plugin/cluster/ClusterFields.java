package io.jenkins.plugins.gitops.plugin.cluster;

import hudson.Util;
import java.io.Serializable;

/**
 * The cluster fields a step, a builder (through the step it keeps) and the drift trigger share, declared
 * here once: a named cluster, or a kubeconfig Secret file and context, or a token with the server URL
 * and a CA credential, or in-cluster access; the default namespace and the namespace of the app's
 * inventory. Credential IDs and plain settings, never a secret. The classes that hold it keep their
 * flat Pipeline parameters and form fields ({@code cluster: 'prod'}, {@code clusterCredentialsId: ...})
 * and delegate here; {@link #settings()} is the value a call resolves into access.
 */
public final class ClusterFields implements Serializable {

    private static final long serialVersionUID = 1L;

    private String clusterCredentialsId = "";
    private String context = "";
    private String server = "";
    private String caCredentialsId = "";
    private String namespace = "";
    private String inventoryNamespace = "";
    private String cluster = "";
    private boolean inCluster;

    public ClusterFields() {
    }

    /**
     * The fields as a class that declared them itself read them from a configuration saved before this
     * holder existed (its readResolve passes them; absent ones are null).
     */
    public static ClusterFields of(String clusterCredentialsId, String context, String server, String caCredentialsId, String namespace,
            String inventoryNamespace, String cluster, boolean inCluster) {
        ClusterFields f = new ClusterFields();
        f.setClusterCredentialsId(clusterCredentialsId);
        f.setContext(context);
        f.setServer(server);
        f.setCaCredentialsId(caCredentialsId);
        f.setNamespace(namespace);
        f.setInventoryNamespace(inventoryNamespace);
        f.setCluster(cluster);
        f.setInCluster(inCluster);
        return f;
    }

    public String getClusterCredentialsId() {
        return clusterCredentialsId;
    }

    public void setClusterCredentialsId(String clusterCredentialsId) {
        this.clusterCredentialsId = Util.fixNull(clusterCredentialsId).strip();
    }

    public String getContext() {
        return context;
    }

    public void setContext(String context) {
        this.context = Util.fixNull(context).strip();
    }

    public String getServer() {
        return server;
    }

    public void setServer(String server) {
        this.server = Util.fixNull(server).strip();
    }

    public String getCaCredentialsId() {
        return caCredentialsId;
    }

    public void setCaCredentialsId(String caCredentialsId) {
        this.caCredentialsId = Util.fixNull(caCredentialsId).strip();
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = Util.fixNull(namespace).strip();
    }

    public String getInventoryNamespace() {
        return inventoryNamespace;
    }

    public void setInventoryNamespace(String inventoryNamespace) {
        this.inventoryNamespace = Util.fixNull(inventoryNamespace).strip();
    }

    /** A named cluster of the global configuration; "" for the inline fields. */
    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = Util.fixNull(cluster).strip();
    }

    /** The service account of the pod the work runs in, instead of credentials. */
    public boolean isInCluster() {
        return inCluster;
    }

    public void setInCluster(boolean inCluster) {
        this.inCluster = inCluster;
    }

    /** Which cluster to reach, for one call. */
    public ClusterSettings settings() {
        return new ClusterSettings(clusterCredentialsId, context, server, caCredentialsId, cluster, inCluster);
    }

    // XStream leaves the fields a saved configuration lacks null
    private Object readResolve() {
        return of(clusterCredentialsId, context, server, caCredentialsId, namespace, inventoryNamespace, cluster, inCluster);
    }
}
