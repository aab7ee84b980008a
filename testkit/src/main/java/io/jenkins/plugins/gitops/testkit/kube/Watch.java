package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * One open watch: filters the store's events by type, namespace and selectors, and turns them
 * into watch events the way kube-apiserver does (an object that stops matching a label
 * selector is sent as DELETED, one that starts matching as ADDED).
 */
final class Watch implements Consumer<WatchEvent> {

    /** Where encoded events go; called under the store lock, so it must not block. */
    interface Sink {
        void send(ObjectNode event);
    }

    private final ResourceApi api;
    private final ResourceType type;
    private final String namespace;
    private final LabelSelector labels;
    private final FieldSelector fields;
    private final String version;
    private final Sink sink;

    Watch(ResourceApi api, ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, String version, Sink sink) {
        this.api = api;
        this.type = type;
        this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
        this.labels = labels;
        this.fields = fields;
        this.version = version;
        this.sink = sink;
    }

    @Override
    public void accept(WatchEvent e) {
        if (!e.resourceType().storeKey().equals(type.storeKey())) {
            return;
        }
        if (namespace != null && !namespace.equals(e.object().path("metadata").path("namespace").asText(""))) {
            return;
        }
        boolean now = ResourceApi.matches(e.object(), labels, fields);
        boolean before = e.previous() != null && ResourceApi.matches(e.previous(), labels, fields);
        String out = switch (e.type()) {
            case "ADDED" -> now ? "ADDED" : null;
            case "MODIFIED" -> now ? (before ? "MODIFIED" : "ADDED") : (before ? "DELETED" : null);
            case "DELETED" -> before || now ? "DELETED" : null;
            default -> null;
        };
        if (out != null) {
            sink.send(event(out, api.present(type, e.object(), version)));
        }
    }

    static ObjectNode event(String type, ObjectNode object) {
        ObjectNode ev = JsonNodeFactory.instance.objectNode().put("type", type);
        ev.set("object", object);
        return ev;
    }

    /** The ERROR event a watch gets when it asks to resume from a version the store no longer has. */
    static ObjectNode gone(long requested, long oldest) {
        ApiException e = new ApiException(410, "Expired", "too old resource version: " + requested + " (" + oldest + ")");
        return event("ERROR", e.status());
    }
}
