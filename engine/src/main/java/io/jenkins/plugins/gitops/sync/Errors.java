package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.ResourceKey;

/** Turns API refusals into the reasons a report shows, without repeating the object's name. */
final class Errors {

    private Errors() {
    }

    /** The server's words without the {@code Kind/ns/name: } prefix the cluster put in front. */
    static String detail(KubeApiException e, ResourceKey key) {
        String m = e.getMessage();
        String prefix = key + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** The reason with advice for the refusals users can act on. */
    static String explain(KubeApiException e, ResourceKey key) {
        String d = detail(e, key);
        if (e.immutableField()) {
            return "immutable field changed: " + d + " (recreate it with --force or the Replace=true sync option)";
        }
        if (e.applyConflict()) {
            return "conflict with another field manager: " + d + " (take the fields over with --force)";
        }
        if (d.contains("admission webhook") || d.contains("denied the request")) {
            return "refused by an admission webhook: " + d;
        }
        if (e.code() == 404 && d.contains("namespaces")) {
            return "missing namespace: " + d;
        }
        return d;
    }
}
