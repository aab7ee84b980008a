package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * List types of a custom resource, read from its CRD version's {@code openAPIV3Schema}
 * ({@code x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys}).
 *
 * <p>Unlike built-in kinds, a custom resource list without {@code x-kubernetes-list-type} is
 * ATOMIC: the real kube-apiserver has no Go struct tags to fall back on, so strategic merge patch
 * replaces such lists, and so do we. The same goes for lists under
 * {@code x-kubernetes-preserve-unknown-fields} or with no schema at all. {@code status.conditions}
 * gets no special treatment: it follows the schema like any other list.
 *
 * <p>{@code metadata} is always ObjectMeta, whatever the schema says, so its lists follow the
 * built-in rules; that includes the metadata of {@code x-kubernetes-embedded-resource} objects.
 */
public final class CrdListSchema implements ListSchema {

    private final JsonNode root;

    /** @param openAPIV3Schema the version's schema; null or missing means "no schema" (all ATOMIC) */
    public CrdListSchema(JsonNode openAPIV3Schema) {
        this.root = openAPIV3Schema == null ? MissingNode.getInstance() : openAPIV3Schema.deepCopy();
    }

    /**
     * Picks the schema of one served version out of a CustomResourceDefinition object, falling back
     * to the pre-v1 top-level {@code spec.validation}; no schema yields an all-ATOMIC schema.
     */
    public static CrdListSchema forVersion(JsonNode crd, String version) {
        JsonNode spec = crd == null ? MissingNode.getInstance() : crd.path("spec");
        for (JsonNode v : spec.path("versions")) {
            if (v.path("name").asText("").equals(version) && v.path("schema").has("openAPIV3Schema")) {
                return new CrdListSchema(v.path("schema").path("openAPIV3Schema"));
            }
        }
        return new CrdListSchema(spec.path("validation").path("openAPIV3Schema"));
    }

    @Override
    public ListType listType(List<String> path) {
        JsonNode node = root;
        for (int i = 0; i < path.size(); i++) {
            String field = path.get(i);
            JsonNode element = elementOf(node);
            boolean resource = i == 0 || element.path("x-kubernetes-embedded-resource").asBoolean(false);
            if (resource && field.equals("metadata")) {
                return i == path.size() - 2 ? BuiltinListSchema.metadataListType(path.get(i + 1)) : ListType.ATOMIC;
            }
            node = child(element, field);
            if (node == null) {
                // Not described (missing schema, preserve-unknown-fields, or a typo): atomic.
                return ListType.ATOMIC;
            }
        }
        return path.isEmpty() ? ListType.ATOMIC : declared(node);
    }

    /** Lists of lists and list items: all share the "items" schema, which the path does not name. */
    private static JsonNode elementOf(JsonNode node) {
        JsonNode n = node;
        while (n.path("items").isObject()) {
            n = n.get("items");
        }
        return n;
    }

    private static JsonNode child(JsonNode node, String field) {
        JsonNode prop = node.path("properties").get(field);
        if (prop != null && prop.isObject()) {
            return prop;
        }
        // Maps with typed values (additionalProperties: {schema}) name the map key in the path.
        JsonNode additional = node.path("additionalProperties");
        return additional.isObject() ? additional : null;
    }

    private static ListType declared(JsonNode node) {
        switch (node.path("x-kubernetes-list-type").asText("")) {
            case "set":
                return ListType.SET;
            case "map":
                List<String> keys = new ArrayList<>();
                node.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
                // The API server rejects a map list without keys; treat such a schema as atomic.
                return keys.isEmpty() ? ListType.ATOMIC : new ListType(ListType.Kind.MAP, keys);
            default:
                return ListType.ATOMIC;
        }
    }
}
