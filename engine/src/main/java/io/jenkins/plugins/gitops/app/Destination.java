package io.jenkins.plugins.gitops.app;

/**
 * Where an app deploys, as Argo CD's {@code spec.destination}: a cluster by API server URL or by
 * name, and the default namespace for namespaced objects without one.
 */
public record Destination(String server, String name, String namespace) {

    public Destination {
        server = server == null ? "" : server;
        name = name == null ? "" : name;
        namespace = namespace == null ? "" : namespace;
    }

    /** The in-cluster destination Argo CD calls {@code https://kubernetes.default.svc}. */
    public boolean inCluster() {
        return server.equals("https://kubernetes.default.svc") || name.equals("in-cluster");
    }
}
