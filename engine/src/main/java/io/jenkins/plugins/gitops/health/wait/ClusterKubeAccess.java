package io.jenkins.plugins.gitops.health.wait;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ObjectWatch;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link KubeAccess} through a {@link Cluster}: the same configuration, retries and call counter
 * as the sync's (the plugin's wait, the CLI's and the sync's own health waits all use it).
 * Watches are the cluster's {@link ObjectWatch}es (list, then watch from the list's version,
 * resumed and re-listed as client-go's reflector does); lists and logs are its counted verbs.
 * {@link #requests()} is the cluster's counter. The cluster is the caller's: not closed here.
 */
public final class ClusterKubeAccess implements KubeAccess {

    private final Cluster cluster;

    public ClusterKubeAccess(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Watching watch(String apiVersion, String kind, String namespace, String labelSelector, String name, Listener listener) {
        ApiResource r = resource(apiVersion, kind, "watch", namespace, labelSelector);
        ObjectWatch w;
        try {
            w = cluster.watch(r, namespace, labelSelector, name == null ? null : "metadata.name=" + name, new ObjectWatch.Handler() {
                @Override
                public void upserted(ObjectNode object) {
                    listener.upserted(KubeObject.adopt(object));
                }

                @Override
                public void deleted(String ns, String n) {
                    listener.deleted(new ResourceKey(r.group(), r.kind(), r.namespaced() ? ns : "", n));
                }
            });
        } catch (KubeApiException e) {
            throw failure("watch", kind, apiVersion, namespace, labelSelector, e);
        }
        return w::close;
    }

    @Override
    public List<KubeObject> list(String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector) {
        ApiResource r = resource(apiVersion, kind, "list", namespace, labelSelector);
        List<KubeObject> out = new ArrayList<>();
        try {
            for (ObjectNode o : cluster.list(r, namespace, labelSelector, fieldSelector)) {
                out.add(KubeObject.adopt(o));
            }
        } catch (KubeApiException e) {
            throw failure("list", kind, apiVersion, namespace, labelSelector, e);
        }
        return out;
    }

    @Override
    public Optional<String> previousLog(String namespace, String pod, String container, int lines) {
        try {
            return Optional.of(cluster.log(namespace, pod, container, lines, true));
        } catch (KubeApiException e) {
            return Optional.empty(); // root causes are best effort: a log that cannot be read is left out
        }
    }

    @Override
    public Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>(cluster.calls().snapshot());
        return out;
    }

    private ApiResource resource(String apiVersion, String kind, String verb, String namespace, String selector) {
        try {
            return cluster.resolver().resolve(apiVersion, kind);
        } catch (KubeApiException e) {
            throw failure(verb, kind, apiVersion, namespace, selector, e);
        }
    }

    /**
     * What could not be read, and why, in a sentence: {@code cannot watch Deployment (apps/v1) in namespace shop with
     * selector 'a=b': } and the server's words (or that it could not be reached).
     */
    private static KubeApiException failure(String verb, String kind, String apiVersion, String namespace, String selector, KubeApiException e) {
        String what = "cannot " + verb + " " + kind + " (" + apiVersion + ")" + (namespace == null ? " in any namespace" : " in namespace " + namespace)
                + (selector == null || selector.isBlank() ? "" : " with selector '" + selector + "'");
        String why = e.code() <= 0 ? e.getMessage() : "the API server answered " + e.code() + (e.reason().isEmpty() ? "" : " " + e.reason()) + ": "
                + serverWords(e.getMessage());
        return new KubeApiException(what + ": " + why, e.code(), e.reason(), e);
    }

    /** The cluster's message is "subject: words": keep the words. */
    private static String serverWords(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }
}
