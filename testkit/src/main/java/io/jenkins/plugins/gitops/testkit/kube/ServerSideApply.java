package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Server-side apply as kube-apiserver does it, on JSON trees: merge the applied configuration
 * into the live object (maps by field, map-lists by key, set-lists by value, other lists
 * replaced), refuse changes to fields another manager owns unless forced, and remove fields
 * this manager applied before but no longer applies and nobody else owns.
 */
final class ServerSideApply {

    private ServerSideApply() {
    }

    /**
     * @param live     the stored object, or null to create
     * @param applied  the applied configuration
     * @return the new object, with {@code metadata.managedFields} updated
     * @throws ApiException 409 listing every conflicting field when not forced
     */
    static ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force, ListSchema schema,
                            String apiVersion, boolean statusSubresource, String time) {
        Map<List<String>, JsonNode> appliedPaths = FieldPaths.collect(applied, schema, statusSubresource);
        ManagedFields managed = ManagedFields.of(live);
        ManagedFields.Entry mine = managed.entry(manager, ManagedFields.APPLY, "", apiVersion, time);

        Map<ManagedFields.Entry, List<List<String>>> conflicts = new LinkedHashMap<>();
        if (live != null) {
            Map<List<String>, JsonNode> livePaths = FieldPaths.collect(live, schema, statusSubresource);
            appliedPaths.forEach((path, value) -> {
                if (path.get(path.size() - 1).equals(FieldPaths.SELF)) {
                    return;
                }
                JsonNode current = FieldPaths.lookup(live, livePaths, path, schema);
                if (current != null && !Objects.equals(current, value)) {
                    for (ManagedFields.Entry other : managed.othersOwning(path, mine)) {
                        conflicts.computeIfAbsent(other, o -> new ArrayList<>()).add(path);
                    }
                }
            });
        }
        if (!conflicts.isEmpty() && !force) {
            throw conflict(conflicts);
        }
        conflicts.forEach((other, paths) -> paths.forEach(other.paths::remove));

        ObjectNode result = live == null ? JsonNodeFactory.instance.objectNode() : live.deepCopy();
        merge(result, applied, new ArrayList<>(), schema, statusSubresource);

        Set<List<String>> dropped = new HashSet<>(mine.paths);
        dropped.removeAll(appliedPaths.keySet());
        for (List<String> path : dropped) {
            if (managed.othersOwning(path, mine).isEmpty()) {
                FieldPaths.remove(result, path, schema);
            }
        }
        mine.paths.clear();
        mine.paths.addAll(appliedPaths.keySet());
        managed.entries().removeIf(e -> e.paths.isEmpty());
        Json.obj(result, "metadata").set("managedFields", managed.toJson());
        return result;
    }

    private static ApiException conflict(Map<ManagedFields.Entry, List<List<String>>> conflicts) {
        int count = conflicts.values().stream().mapToInt(List::size).sum();
        StringBuilder msg = new StringBuilder("Apply failed with ").append(count).append(count == 1 ? " conflict: " : " conflicts: ");
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        ArrayNode causes = details.putArray("causes");
        boolean first = true;
        for (var e : conflicts.entrySet()) {
            String who = "conflict" + (e.getValue().size() == 1 ? "" : "s") + " with \"" + e.getKey().manager + "\""
                    + (e.getKey().apiVersion.isEmpty() ? "" : " using " + e.getKey().apiVersion);
            if (!first) {
                msg.append('\n');
            }
            first = false;
            msg.append(who).append(':');
            for (List<String> path : e.getValue()) {
                String field = FieldPaths.describe(path);
                msg.append(e.getValue().size() == 1 ? " " : "\n- ").append(field);
                causes.addObject().put("reason", "FieldManagerConflict").put("message", "conflict with \"" + e.getKey().manager + "\"")
                        .put("field", field);
            }
        }
        return new ApiException(409, "Conflict", msg.toString(), details);
    }

    /** Merges {@code applied} into {@code target} in place. Explicit nulls in the applied configuration are ignored. */
    static void merge(ObjectNode target, ObjectNode applied, List<String> fields, ListSchema schema, boolean skipStatus) {
        applied.fields().forEachRemaining(e -> {
            String f = e.getKey();
            JsonNode a = e.getValue();
            if (a.isNull() || (fields.isEmpty() && skipStatus && f.equals("status"))) {
                return;
            }
            List<String> path = FieldPaths.plus(fields, f);
            JsonNode t = target.get(f);
            if (a.isObject() && t instanceof ObjectNode to) {
                merge(to, (ObjectNode) a, path, schema, false);
            } else if (a.isArray() && t instanceof ArrayNode ta) {
                target.set(f, mergeList(ta, (ArrayNode) a, path, schema));
            } else {
                target.set(f, a.deepCopy());
            }
        });
    }

    private static ArrayNode mergeList(ArrayNode live, ArrayNode applied, List<String> fields, ListSchema schema) {
        ListType lt = schema.listType(fields);
        if (lt.kind() == ListType.Kind.ATOMIC) {
            return applied.deepCopy();
        }
        ArrayNode out = live.deepCopy();
        for (JsonNode item : applied) {
            String key = ListKeys.fieldsV1Key(lt, item);
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (ListKeys.fieldsV1Key(lt, out.get(i)).equals(key)) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                out.add(item.deepCopy());
            } else if (lt.kind() == ListType.Kind.MAP && item.isObject() && out.get(at) instanceof ObjectNode existing) {
                merge(existing, (ObjectNode) item, fields, schema, false);
            }
        }
        return out;
    }
}
