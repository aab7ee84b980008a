package io.jenkins.plugins.gitops.health.wait;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.List;
import java.util.Optional;

/**
 * The cluster as the waiter needs it, and nothing more: keep-alive watches of one kind (an
 * informer: one list, then a watch resumed from the last resource version, re-listed when too
 * old), one-off lists for root causes, and previous container logs. Small on purpose so that it
 * can be re-pointed at another client layer.
 */
public interface KubeAccess {

    /** Receives the objects of one watch. Called from the watch's thread. */
    interface Listener {
        void upserted(KubeObject obj);

        void deleted(ResourceKey key);
    }

    /** A running watch; closing it stops it. */
    interface Watching extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Watches objects of a kind, after delivering the current ones (returns once they are delivered).
     *
     * @param namespace     a namespace, or null for all namespaces (and for cluster-scoped kinds)
     * @param labelSelector a label selector, or null
     * @param name          a single object's name, or null for every object the other scopes match
     */
    Watching watch(String apiVersion, String kind, String namespace, String labelSelector, String name, Listener listener);

    /** A one-off list; {@code namespace} null means all namespaces; selectors may be null. */
    List<KubeObject> list(String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector);

    /** The last lines of the previous run of a container, when readable. */
    Optional<String> previousLog(String namespace, String pod, String container, int lines);

    /** Requests made so far through this access, by verb (list, watch, get, log). */
    java.util.Map<String, Long> requests();
}
