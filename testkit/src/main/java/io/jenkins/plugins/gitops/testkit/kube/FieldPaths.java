package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field paths in the token form of {@code managedFields[].fieldsV1}: {@code f:<field>} for a map
 * field, {@code k:<json>} for an item of a map-list, {@code v:<json>} for an item of a set-list,
 * and a trailing {@code .} for "the list item itself". A path set is what one field manager owns.
 */
final class FieldPaths {

    static final String SELF = ".";

    /** Server-owned metadata that no field manager owns. */
    private static final Set<String> UNOWNED_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");

    private FieldPaths() {
    }

    /**
     * Every owned path of an object, mapped to its value: leaves (scalars, atomic lists, empty
     * maps) map to their node, list items' {@code .} entries map to the item.
     */
    static Map<List<String>, JsonNode> collect(JsonNode object, ListSchema schema, boolean skipStatus) {
        Map<List<String>, JsonNode> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            if (f.equals("apiVersion") || f.equals("kind") || (skipStatus && f.equals("status"))) {
                continue;
            }
            if (f.equals("metadata") && e.getValue().isObject()) {
                Iterator<Map.Entry<String, JsonNode>> md = e.getValue().fields();
                while (md.hasNext()) {
                    Map.Entry<String, JsonNode> m = md.next();
                    if (!UNOWNED_METADATA.contains(m.getKey())) {
                        walk(m.getValue(), List.of("f:metadata", "f:" + m.getKey()), List.of("metadata", m.getKey()), schema, out);
                    }
                }
                continue;
            }
            walk(e.getValue(), List.of("f:" + f), List.of(f), schema, out);
        }
        return out;
    }

    /** The owned paths of one top-level field of an object (such as {@code status}), mapped to their values. */
    static Map<List<String>, JsonNode> collectField(JsonNode object, String field, ListSchema schema) {
        Map<List<String>, JsonNode> out = new LinkedHashMap<>();
        JsonNode value = object == null ? null : object.get(field);
        if (value != null) {
            walk(value, List.of("f:" + field), List.of(field), schema, out);
        }
        return out;
    }

    private static void walk(JsonNode node, List<String> path, List<String> fields, ListSchema schema, Map<List<String>, JsonNode> out) {
        if (node.isObject() && node.size() > 0) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), plus(path, "f:" + e.getKey()), plus(fields, e.getKey()), schema, out));
        } else if (node.isArray() && node.size() > 0) {
            ListType lt = schema.listType(fields);
            if (lt.kind() == ListType.Kind.ATOMIC) {
                out.put(path, node);
                return;
            }
            for (JsonNode item : node) {
                List<String> itemPath = plus(path, ListKeys.fieldsV1Key(lt, item));
                if (lt.kind() == ListType.Kind.SET) {
                    out.put(itemPath, item);
                } else {
                    out.put(plus(itemPath, SELF), item);
                    if (item.isObject()) {
                        item.fields().forEachRemaining(e -> walk(e.getValue(), plus(itemPath, "f:" + e.getKey()), plus(fields, e.getKey()), schema, out));
                    }
                }
            }
        } else {
            out.put(path, node);
        }
    }

    /**
     * {@link #resolve}, answered from {@code collected} (the object's {@link #collect}) where the
     * path is there, and searched only where it is not.
     */
    static JsonNode lookup(JsonNode root, Map<List<String>, JsonNode> collected, List<String> path, ListSchema schema) {
        if (root == null) {
            return null;
        }
        JsonNode hit = collected.get(path);
        return hit != null ? hit : resolve(root, path, schema);
    }

    /** The node a path names in an object, or null when it is not there. */
    static JsonNode resolve(JsonNode root, List<String> path, ListSchema schema) {
        JsonNode cur = root;
        List<String> fields = new ArrayList<>();
        for (String token : path) {
            if (cur == null) {
                return null;
            }
            if (token.equals(SELF)) {
                return cur;
            }
            if (token.startsWith("f:")) {
                String f = token.substring(2);
                fields.add(f);
                cur = cur.isObject() ? cur.get(f) : null;
            } else {
                cur = item(cur, token, schema.listType(fields));
            }
        }
        return cur;
    }

    private static JsonNode item(JsonNode list, String token, ListType lt) {
        if (!list.isArray() || lt.kind() == ListType.Kind.ATOMIC) {
            return null;
        }
        for (JsonNode item : list) {
            if (ListKeys.fieldsV1Key(lt, item).equals(token)) {
                return item;
            }
        }
        return null;
    }

    /**
     * Removes what a path names from an object; a path that is not there is left alone. Maps and
     * lists that the removal leaves empty go too, as structured-merge-diff prunes them: a list
     * whose last applied item was dropped disappears instead of staying as {@code []}.
     */
    static void remove(JsonNode root, List<String> path, ListSchema schema) {
        List<String> target = path.get(path.size() - 1).equals(SELF) ? path.subList(0, path.size() - 1) : path;
        while (!target.isEmpty()) {
            List<String> parentPath = target.subList(0, target.size() - 1);
            JsonNode parent = resolve(root, parentPath, schema);
            if (parent == null || !removeChild(parent, parentPath, target.get(target.size() - 1), schema) || parent.size() > 0) {
                return;
            }
            target = parentPath;
        }
    }

    private static boolean removeChild(JsonNode parent, List<String> parentPath, String token, ListSchema schema) {
        if (token.startsWith("f:") && parent instanceof ObjectNode o) {
            return o.remove(token.substring(2)) != null;
        }
        if (parent instanceof ArrayNode a) {
            List<String> fields = new ArrayList<>();
            for (String t : parentPath) {
                if (t.startsWith("f:")) {
                    fields.add(t.substring(2));
                }
            }
            ListType lt = schema.listType(fields);
            for (int i = 0; i < a.size(); i++) {
                if (ListKeys.fieldsV1Key(lt, a.get(i)).equals(token)) {
                    a.remove(i);
                    return true;
                }
            }
        }
        return false;
    }

    static ObjectNode toFieldsV1(Collection<List<String>> paths) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (List<String> p : paths) {
            ObjectNode cur = root;
            for (String token : p) {
                cur = Json.obj(cur, token);
            }
        }
        return root;
    }

    static Set<List<String>> fromFieldsV1(JsonNode fieldsV1) {
        Set<List<String>> out = new java.util.LinkedHashSet<>();
        readFields(fieldsV1, List.of(), out);
        return out;
    }

    private static void readFields(JsonNode node, List<String> path, Set<List<String>> out) {
        node.fields().forEachRemaining(e -> {
            List<String> p = plus(path, e.getKey());
            if (e.getKey().equals(SELF) || e.getValue().size() == 0) {
                out.add(p);
            } else {
                readFields(e.getValue(), p, out);
            }
        });
    }

    /** {@code .spec.template.spec.containers[name="app"].image}, the way kube-apiserver names a field in a conflict. */
    static String describe(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String t : path) {
            if (t.startsWith("f:")) {
                sb.append('.').append(t.substring(2));
            } else if (t.startsWith("k:")) {
                JsonNode key = Json.readObject(t.substring(2));
                StringBuilder k = new StringBuilder();
                key.fields().forEachRemaining(e -> k.append(k.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue()));
                sb.append('[').append(k).append(']');
            } else if (t.startsWith("v:")) {
                sb.append('[').append(t.substring(2)).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * The path with one more token: one array, wrapped without a further copy (paths are built for
     * every field of every write, and never changed once built).
     */
    static List<String> plus(List<String> list, String token) {
        String[] out = list.toArray(new String[list.size() + 1]);
        out[list.size()] = token;
        return Collections.unmodifiableList(Arrays.asList(out));
    }
}
