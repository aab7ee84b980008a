package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Kubernetes strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), driven by a
 * {@link ListSchema} instead of Go struct tags.
 *
 * <p>Maps merge recursively and null deletes a key. Lists merge by their {@link ListType}: MAP
 * lists item by item on the key fields (updated in place, new items appended), SET lists as a
 * union, ATOMIC lists are replaced. Directives:
 * <ul>
 *   <li>{@code $patch: replace} in a map replaces the map; as the only field of a list item it
 *       replaces the whole list; next to key fields it replaces just that item instead of merging.</li>
 *   <li>{@code $patch: delete} in a map yields an empty map; in a MAP list item it removes the
 *       item with that key.</li>
 *   <li>{@code $deleteFromPrimitiveList/<field>}: values to remove from a scalar list.</li>
 *   <li>{@code $setElementOrder/<field>}: the order of the merged list; entries naming no item are
 *       ignored and items it does not name keep their slots.</li>
 *   <li>{@code $retainKeys}: fields of the original map to keep; others are cleared.</li>
 * </ul>
 * Directive keys never reach the result. Other keys starting with {@code $} are ordinary data.
 *
 * <p>The target is copied once up front and only that copy is mutated; patch values are copied
 * as they are inserted, so neither input changes.
 */
final class StrategicMergePatch {

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ListSchema schema;

    private StrategicMergePatch(ListSchema schema) {
        this.schema = schema;
    }

    static JsonNode apply(JsonNode target, JsonNode patch, ListSchema schema) {
        Objects.requireNonNull(schema, "schema");
        if (patch == null || !patch.isObject()) {
            throw new PatchException("strategic merge patch: the patch must be an object, got "
                    + (patch == null ? "nothing" : patch.getNodeType()));
        }
        ObjectNode original;
        if (target == null || target.isNull() || target.isMissingNode()) {
            original = NODES.objectNode();
        } else if (target.isObject()) {
            original = ((ObjectNode) target).deepCopy();
        } else {
            throw new PatchException("strategic merge patch: the target must be an object, got " + target.getNodeType());
        }
        return new StrategicMergePatch(schema).mergeMap(original, patch, List.of());
    }

    /** Merges {@code patch} into {@code original}, which is a private copy and may be changed. */
    private ObjectNode mergeMap(ObjectNode original, JsonNode patch, List<String> path) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            switch (directiveValue(directive, path)) {
                case "replace":
                    return mergeFields(NODES.objectNode(), patch, path);
                case "delete":
                    return NODES.objectNode();
                case "merge":
                    break;
                default:
                    throw fail(path, "unknown $patch directive " + directive + " (expected replace, delete or merge)");
            }
        }
        return mergeFields(original, patch, path);
    }

    private ObjectNode mergeFields(ObjectNode original, JsonNode patch, List<String> path) {
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null) {
            retainKeys(original, retain, path);
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getKey().startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(original, e.getKey().substring(DELETE_FROM_PRIMITIVE_LIST.length()), e.getValue(), path);
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String field = e.getKey();
            if (isDirective(field)) {
                continue;
            }
            if (e.getValue().isNull()) {
                original.remove(field);
            } else {
                original.set(field, mergeValue(original.get(field), e.getValue(), child(path, field)));
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getKey().startsWith(SET_ELEMENT_ORDER)) {
                String field = e.getKey().substring(SET_ELEMENT_ORDER.length());
                setElementOrder(original, field, e.getValue(), child(path, field));
            }
        }
        return original;
    }

    private static boolean isDirective(String field) {
        return field.equals(PATCH) || field.equals(RETAIN_KEYS) || field.startsWith(SET_ELEMENT_ORDER)
                || field.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    }

    /** The merged value of one field; {@code original} may be null (absent) and is never reused when replaced. */
    private JsonNode mergeValue(JsonNode original, JsonNode patch, List<String> path) {
        if (patch.isObject()) {
            return mergeMap(original != null && original.isObject() ? (ObjectNode) original : NODES.objectNode(), patch, path);
        }
        if (patch.isArray()) {
            return mergeList(original != null && original.isArray() ? (ArrayNode) original : NODES.arrayNode(), (ArrayNode) patch, path);
        }
        return patch.deepCopy();
    }

    private ArrayNode mergeList(ArrayNode original, ArrayNode patch, List<String> path) {
        ListType type = schema.listType(path);
        boolean replaceList = false;
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode item : patch) {
            // A list item that is nothing but {"$patch": ...} speaks about the whole list.
            if (item.isObject() && item.size() == 1 && item.has(PATCH)) {
                String d = directiveValue(item.get(PATCH), path);
                if (d.equals("replace")) {
                    replaceList = true;
                    continue;
                }
                if (d.equals("merge")) {
                    continue;
                }
            }
            items.add(item);
        }
        if (type.isMap()) {
            return mergeMapList(replaceList ? NODES.arrayNode() : original, items, type, path);
        }
        for (JsonNode item : items) {
            if (item.isObject() && item.has(PATCH)) {
                throw fail(path, "$patch directives in list items need a map list, but this list is " + type.kind());
            }
        }
        if (type.isSet() && !replaceList) {
            ArrayNode result = original;
            items.forEach(item -> result.add(cleanItem(item, path)));
            return dedupe(result);
        }
        // ATOMIC lists (and replaced lists) are the patch's items, cleaned of directives.
        ArrayNode result = NODES.arrayNode();
        items.forEach(item -> result.add(cleanItem(item, path)));
        return result;
    }

    /** Items keyed by {@code type.keys()}: deletes first (as Kubernetes does), then merges and appends. */
    private ArrayNode mergeMapList(ArrayNode original, List<JsonNode> items, ListType type, List<String> path) {
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw fail(path, "items of a list keyed by " + type.keys() + " must be objects, got " + item);
            }
            List<String> missing = ListKeys.missingKeys(type, item);
            if (!missing.isEmpty()) {
                throw fail(path, "list item " + item + " lacks merge key " + String.join(", ", missing));
            }
        }
        for (JsonNode item : items) {
            if (item.has(PATCH) && directiveValue(item.get(PATCH), path).equals("delete")) {
                for (int i = original.size() - 1; i >= 0; i--) {
                    if (sameItem(type, original.get(i), item)) {
                        original.remove(i);
                    }
                }
            }
        }
        for (JsonNode item : items) {
            String d = item.has(PATCH) ? directiveValue(item.get(PATCH), path) : "merge";
            if (d.equals("delete")) {
                continue;
            }
            int at = indexOf(original, type, item);
            if (at < 0) {
                original.add(mergeMap(NODES.objectNode(), item, path));
            } else if (d.equals("replace")) {
                original.set(at, mergeMap(NODES.objectNode(), item, path));
            } else {
                original.set(at, mergeMap((ObjectNode) original.get(at), item, path));
            }
        }
        return original;
    }

    private static int indexOf(ArrayNode list, ListType type, JsonNode item) {
        for (int i = 0; i < list.size(); i++) {
            if (sameItem(type, list.get(i), item)) {
                return i;
            }
        }
        return -1;
    }

    /** Stored items that are not objects (bad data) match nothing rather than failing the patch. */
    private static boolean sameItem(ListType type, JsonNode stored, JsonNode patchItem) {
        return stored.isObject() && ListKeys.sameKey(type, stored, patchItem);
    }

    /** A patch list item as it should be stored: objects lose their directives, the rest is copied. */
    private JsonNode cleanItem(JsonNode item, List<String> path) {
        return item.isObject() ? mergeMap(NODES.objectNode(), item, path) : item.deepCopy();
    }

    private static ArrayNode dedupe(ArrayNode list) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode item : list) {
            boolean seen = false;
            for (JsonNode kept : out) {
                seen |= JsonValues.equal(kept, item);
            }
            if (!seen) {
                out.add(item);
            }
        }
        return out;
    }

    private void retainKeys(ObjectNode original, JsonNode retain, List<String> path) {
        if (!retain.isArray()) {
            throw fail(path, "$retainKeys must be a list of field names, got " + retain);
        }
        Set<String> keep = new HashSet<>();
        for (JsonNode k : retain) {
            if (!k.isTextual()) {
                throw fail(path, "$retainKeys must be a list of field names, got " + retain);
            }
            keep.add(k.asText());
        }
        original.retain(keep);
    }

    private void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode values, List<String> path) {
        if (!values.isArray()) {
            throw fail(child(path, field), "$deleteFromPrimitiveList/" + field + " must be a list, got " + values);
        }
        JsonNode list = original.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        ArrayNode kept = NODES.arrayNode();
        for (JsonNode item : list) {
            boolean delete = false;
            for (JsonNode v : values) {
                delete |= JsonValues.equal(v, item);
            }
            if (!delete) {
                kept.add(item);
            }
        }
        original.set(field, kept);
    }

    /**
     * Reorders the merged list: items the order names move into the slots such items occupy, in the
     * order given; the other items (present only on the server) keep their slots.
     */
    private void setElementOrder(ObjectNode original, String field, JsonNode order, List<String> path) {
        if (!order.isArray()) {
            throw fail(path, "$setElementOrder/" + field + " must be a list, got " + order);
        }
        JsonNode list = original.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        ListType type = schema.listType(path);
        Map<String, Integer> rank = new HashMap<>();
        for (JsonNode entry : order) {
            String key = orderKey(type, entry);
            if (key != null) {
                rank.putIfAbsent(key, rank.size());
            }
        }
        List<Integer> slots = new ArrayList<>();
        List<JsonNode> named = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String key = orderKey(type, list.get(i));
            if (key != null && rank.containsKey(key)) {
                slots.add(i);
                named.add(list.get(i));
            }
        }
        named.sort((a, b) -> Integer.compare(rank.get(orderKey(type, a)), rank.get(orderKey(type, b))));
        ArrayNode reordered = ((ArrayNode) list).deepCopy();
        for (int i = 0; i < slots.size(); i++) {
            reordered.set(slots.get(i), named.get(i));
        }
        original.set(field, reordered);
    }

    /** Identity used by $setElementOrder: the map key for MAP lists, the canonical value otherwise. */
    private static String orderKey(ListType type, JsonNode item) {
        if (type.isMap()) {
            return item.isObject() ? ListKeys.key(type, item) : null;
        }
        return ListKeys.canonical(item).toString();
    }

    private String directiveValue(JsonNode directive, List<String> path) {
        if (!directive.isTextual()) {
            throw fail(path, "$patch must be a string, got " + directive);
        }
        return directive.asText();
    }

    private static List<String> child(List<String> path, String field) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(field);
        return out;
    }

    private static PatchException fail(List<String> path, String problem) {
        return new PatchException("strategic merge patch at " + (path.isEmpty() ? "the root" : String.join(".", path)) + ": " + problem);
    }
}
