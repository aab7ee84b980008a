package io.jenkins.plugins.gitops.policy;

/**
 * One entry of an AppProject's {@code spec.destinations}: a cluster by API server URL or by name,
 * and a namespace; each a glob, and each may be a deny pattern ({@code !kube-system}).
 *
 * @param server  API server URL glob ("" when the entry names the cluster by {@code name})
 * @param name    cluster name glob ("" when the entry gives a {@code server})
 * @param namespace namespace glob ({@code *} for every namespace)
 */
public record DestinationRule(String server, String name, String namespace) {

    public DestinationRule {
        server = server == null ? "" : server;
        name = name == null ? "" : name;
        namespace = namespace == null ? "" : namespace;
        for (String p : new String[] {server, name, namespace}) {
            Glob.of(p.startsWith("!") ? p.substring(1) : p, (char) 0);
        }
    }

    /** {@code ml-* on https://10.0.0.1:6443}; the cluster part left out when it is {@code *}. */
    @Override
    public String toString() {
        return namespace + (server.isEmpty() || server.equals("*") ? "" : " on " + server) + (name.isEmpty() || name.equals("*") ? "" : " on " + name);
    }
}
