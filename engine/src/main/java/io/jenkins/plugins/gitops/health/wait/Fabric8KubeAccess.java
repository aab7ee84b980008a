package io.jenkins.plugins.gitops.health.wait;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link KubeAccess} on a fabric8 client: watches are shared index informers on generic resources
 * (list once, then watch from the list's resource version; fabric8 resumes a dropped watch and
 * re-lists on 410 Gone). The client is the caller's: this class does not close it.
 */
public final class Fabric8KubeAccess implements KubeAccess {

    private final KubernetesClient client;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    public Fabric8KubeAccess(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Watching watch(String apiVersion, String kind, String namespace, String labelSelector, String name, Listener listener) {
        var ops = client.genericKubernetesResources(apiVersion, kind);
        FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> scoped =
                namespace == null ? ops.inAnyNamespace() : ops.inNamespace(namespace);
        if (labelSelector != null && !labelSelector.isBlank()) {
            scoped = scoped.withLabelSelector(labelSelector);
        }
        if (name != null) {
            scoped = scoped.withField("metadata.name", name);
        }
        count("list");
        count("watch");
        SharedIndexInformer<GenericKubernetesResource> informer;
        try {
            informer = scoped.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                listener.upserted(toKube(obj, apiVersion, kind));
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                listener.upserted(toKube(newObj, apiVersion, kind));
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                listener.deleted(toKube(obj, apiVersion, kind).key());
            }
            });
        } catch (KubernetesClientException e) {
            throw failure("watch", kind, apiVersion, namespace, labelSelector, e);
        }
        return informer::close;
    }

    @Override
    public List<KubeObject> list(String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector) {
        var ops = client.genericKubernetesResources(apiVersion, kind);
        FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> scoped =
                namespace == null ? ops.inAnyNamespace() : ops.inNamespace(namespace);
        if (labelSelector != null && !labelSelector.isBlank()) {
            scoped = scoped.withLabelSelector(labelSelector);
        }
        if (fieldSelector != null && !fieldSelector.isBlank()) {
            for (String term : fieldSelector.split(",")) {
                String[] kv = term.split("=", 2);
                scoped = scoped.withField(kv[0], kv[1]);
            }
        }
        count("list");
        List<KubeObject> out = new ArrayList<>();
        try {
            for (GenericKubernetesResource r : scoped.list().getItems()) {
                out.add(toKube(r, apiVersion, kind));
            }
        } catch (KubernetesClientException e) {
            throw failure("list", kind, apiVersion, namespace, labelSelector, e);
        }
        return out;
    }

    /**
     * What could not be read, and why, in a sentence: never fabric8's dump ({@code Status(apiVersion=v1, code=400 ...)},
     * {@code with name: [null]}). No answer at all means the API server could not be reached.
     */
    private KubeApiException failure(String verb, String kind, String apiVersion, String namespace, String selector, KubernetesClientException e) {
        String what = "cannot " + verb + " " + kind + " (" + apiVersion + ")" + (namespace == null ? " in any namespace" : " in namespace " + namespace)
                + (selector == null || selector.isBlank() ? "" : " with selector '" + selector + "'");
        if (e.getCode() <= 0) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root == e ? "no answer" : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
            return new KubeApiException(what + ": cannot reach the API server at " + client.getConfiguration().getMasterUrl() + " (" + why + ")",
                    0, "", e);
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : "HTTP " + e.getCode();
        String reason = e.getStatus() != null && e.getStatus().getReason() != null ? e.getStatus().getReason() : "";
        return new KubeApiException(what + ": the API server answered " + e.getCode() + (reason.isEmpty() ? "" : " " + reason) + ": " + message,
                e.getCode(), reason, e);
    }

    @Override
    public Optional<String> previousLog(String namespace, String pod, String container, int lines) {
        count("log");
        try {
            return Optional.ofNullable(client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                    .terminated().tailingLines(lines).getLog());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void count(String verb) {
        requests.computeIfAbsent(verb, v -> new LongAdder()).increment();
    }

    /** List items may come without apiVersion and kind: fill them in from what was asked for. */
    private KubeObject toKube(GenericKubernetesResource r, String apiVersion, String kind) {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) client.getKubernetesSerialization().convertValue(r, JsonNode.class);
        if (!json.path("apiVersion").isTextual()) {
            json.put("apiVersion", apiVersion);
        }
        if (!json.path("kind").isTextual()) {
            json.put("kind", kind);
        }
        return KubeObject.of(json);
    }
}
