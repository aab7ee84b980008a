package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Identity of list items: which item of a MAP list (or SET list) a patch item, or a managedFields
 * entry, refers to.
 *
 * <p><b>Protocol default.</b> Kubernetes defaults {@code protocol} to {@code "TCP"} on container
 * and service ports before it ever compares them, so a port written without a protocol is the
 * same item as one written with {@code protocol: TCP}. The emulator stores what clients send
 * without running defaulting, so the key computation applies that default instead: a key field
 * named {@code protocol} that is absent (or null) counts as {@code "TCP"}. Other absent key
 * fields are written as JSON null, which keeps keys total (no exceptions for odd stored data);
 * {@link #missingKeys} lets callers reject patch items that lack a key, as Kubernetes does.
 */
public final class ListKeys {

    /** The protocol Kubernetes assumes for ports that do not name one. */
    public static final String DEFAULT_PROTOCOL = "TCP";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ListKeys() {
    }

    /**
     * A stable string identifying the item: for MAP, a compact JSON object of the key fields in the
     * order of {@link ListType#keys()} (e.g. {@code {"containerPort":80,"protocol":"TCP"}}); for SET,
     * the item's canonical JSON.
     *
     * @throws IllegalArgumentException for ATOMIC lists (items have no identity) or a MAP item that
     *     is not an object
     */
    public static String key(ListType type, JsonNode element) {
        switch (type.kind()) {
            case MAP:
                return keyObject(type, element, type.keys()).toString();
            case SET:
                return canonical(element).toString();
            default:
                throw new IllegalArgumentException("items of an atomic list have no key");
        }
    }

    /** Whether two items are the same list entry (same key), with the protocol default applied. */
    public static boolean sameKey(ListType type, JsonNode a, JsonNode b) {
        return Objects.equals(key(type, a), key(type, b));
    }

    /** Key fields the item lacks (a missing protocol is not missing: it defaults to TCP). */
    public static List<String> missingKeys(ListType type, JsonNode element) {
        List<String> missing = new ArrayList<>();
        for (String k : type.keys()) {
            if (keyValue(element, k) == null) {
                missing.add(k);
            }
        }
        return missing;
    }

    /**
     * The managedFields (fieldsV1) name of the item: {@code k:{...}} with the key fields sorted
     * alphabetically in compact JSON for MAP lists, {@code v:<json>} for SET lists, exactly as
     * structured-merge-diff writes them.
     */
    public static String fieldsV1Key(ListType type, JsonNode element) {
        switch (type.kind()) {
            case MAP:
                List<String> sorted = new ArrayList<>(type.keys());
                sorted.sort(null);
                return "k:" + keyObject(type, element, sorted);
            case SET:
                return "v:" + canonical(element);
            default:
                throw new IllegalArgumentException("items of an atomic list have no fieldsV1 key");
        }
    }

    private static ObjectNode keyObject(ListType type, JsonNode element, List<String> order) {
        if (element == null || !element.isObject()) {
            throw new IllegalArgumentException("an item of a map list keyed by " + type.keys() + " must be an object, got "
                    + (element == null ? "nothing" : element));
        }
        ObjectNode key = NODES.objectNode();
        for (String k : order) {
            JsonNode v = keyValue(element, k);
            key.set(k, v == null ? NODES.nullNode() : canonical(v));
        }
        return key;
    }

    /** The key field's value with the protocol default applied; null when absent. */
    private static JsonNode keyValue(JsonNode element, String field) {
        JsonNode v = element == null ? null : element.get(field);
        if (v == null || v.isNull()) {
            return field.equals("protocol") ? NODES.textNode(DEFAULT_PROTOCOL) : null;
        }
        return v;
    }

    /**
     * A copy with object fields sorted and integral numbers normalized (80, 80L and 80.0 are one
     * port), so equal values always print the same.
     */
    static JsonNode canonical(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return NODES.nullNode();
        }
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode out = NODES.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(canonical(item)));
            return out;
        }
        if (node.isNumber() && node.canConvertToExactIntegral()) {
            return NODES.numberNode(node.decimalValue().toBigIntegerExact());
        }
        return node;
    }
}
