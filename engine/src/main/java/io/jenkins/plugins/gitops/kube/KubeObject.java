package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Kubernetes object as an immutable value. The JSON tree is copied on the way in and on the
 * way out, so a KubeObject can travel between stages (rendered set, plan, health) without anyone
 * changing it behind another's back. Read single fields with {@link #at(String)}: it never copies.
 */
public final class KubeObject {

    private final ObjectNode json;
    private final ResourceKey key;
    /** The compact JSON of the tree, made when first asked for (the tree never changes). */
    private volatile byte[] bytes;

    private KubeObject(ObjectNode json) {
        this.json = json;
        this.key = keyOf(json);
    }

    /** The key of an object's tree, read in place (nothing copied): group, kind, namespace and name, or generateName. */
    public static ResourceKey keyOf(JsonNode json) {
        JsonNode md = json.path("metadata");
        return new ResourceKey(ResourceKey.groupOf(text(json, "apiVersion")), text(json, "kind"),
                md.path("namespace").asText(""), md.path("name").asText(md.path("generateName").asText("")));
    }

    /**
     * Wraps a copy of the tree.
     *
     * @throws KubeObjectException naming the object (its kind, namespace and name as far as known) when it is not one
     */
    public static KubeObject of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new KubeObjectException("a Kubernetes object must be a mapping, got " + (json == null ? "nothing" : json.getNodeType()));
        }
        check(json);
        return new KubeObject(((ObjectNode) json).deepCopy());
    }

    private static void check(JsonNode json) {
        JsonNode md = json.path("metadata");
        String ns = md.path("namespace").asText("");
        String name = md.path("name").asText(md.path("generateName").asText(""));
        String id = name.isEmpty() ? "" : " " + (ns.isEmpty() ? name : ns + "/" + name);
        if (!json.path("kind").isTextual() || json.path("kind").asText().isEmpty()) {
            throw new KubeObjectException("object" + id + " has no kind");
        }
        if (!json.path("apiVersion").isTextual() || json.path("apiVersion").asText().isEmpty()) {
            throw new KubeObjectException(json.path("kind").asText() + id + " has no apiVersion");
        }
    }

    /**
     * As {@link #of}, taking the tree without a defensive copy: for a parser that built it and
     * keeps no reference (a 12 MB render is not copied twice).
     */
    public static KubeObject adopt(ObjectNode json) {
        check(json);
        return new KubeObject(json);
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).asText("");
    }

    public ResourceKey key() {
        return key;
    }

    public String apiVersion() {
        return text(json, "apiVersion");
    }

    public String kind() {
        return key.kind();
    }

    public String group() {
        return key.group();
    }

    public String name() {
        return key.name();
    }

    public String namespace() {
        return key.namespace();
    }

    /** The node at a JSON pointer such as {@code /status/conditions}; a missing node when absent. Do not modify it. */
    public JsonNode at(String pointer) {
        JsonNode n = json.at(pointer);
        return n == null ? MissingNode.getInstance() : n;
    }

    public Map<String, String> labels() {
        return stringMap(json.path("metadata").path("labels"));
    }

    public Map<String, String> annotations() {
        return stringMap(json.path("metadata").path("annotations"));
    }

    public Optional<String> annotation(String name) {
        JsonNode v = json.path("metadata").path("annotations").get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (!node.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The whole tree, not copied: for readers that compare or serialize it (a re-sync compares
     * hundreds of objects, Kubeflow's CRDs among them, and copies none). Do not modify it.
     */
    public JsonNode tree() {
        return json;
    }

    /**
     * The object's compact JSON (as {@code writeValueAsBytes} of the tree gives it), serialized once
     * and kept: a sync's object is digested, dry-run and applied from the same bytes (Kubeflow's
     * 12 MB were serialized once for each). Do not modify the array.
     */
    public byte[] jsonBytes() {
        byte[] b = bytes;
        if (b == null) {
            try {
                b = Cluster.JSON.writeValueAsBytes(json);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            bytes = b;
        }
        return b;
    }

    /** A fresh, mutable copy of the whole object. */
    public ObjectNode json() {
        return json.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KubeObject other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return key.toString();
    }
}
