package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code metadata.managedFields} of one object as a mutable working copy: who owns which
 * field, by operation (Apply or Update) and subresource. Kept in the object the way
 * kube-apiserver keeps it, so clients see and can reason about ownership.
 */
final class ManagedFields {

    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    /** One manager's entry. Paths are mutable on purpose: ownership moves between entries. */
    static final class Entry {
        final String manager;
        final String operation;
        final String subresource;
        String apiVersion;
        String time;
        final Set<List<String>> paths;

        Entry(String manager, String operation, String subresource, String apiVersion, String time, Set<List<String>> paths) {
            this.manager = manager;
            this.operation = operation;
            this.subresource = subresource == null ? "" : subresource;
            this.apiVersion = apiVersion;
            this.time = time;
            this.paths = paths;
        }

        boolean is(String manager, String operation, String subresource) {
            return this.manager.equals(manager) && this.operation.equals(operation) && this.subresource.equals(subresource == null ? "" : subresource);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    static ManagedFields of(JsonNode object) {
        ManagedFields mf = new ManagedFields();
        if (object == null) {
            return mf;
        }
        for (JsonNode e : object.path("metadata").path("managedFields")) {
            mf.entries.add(new Entry(e.path("manager").asText(""), e.path("operation").asText(UPDATE), e.path("subresource").asText(""),
                    e.path("apiVersion").asText(""), e.path("time").asText(null), FieldPaths.fromFieldsV1(e.path("fieldsV1"))));
        }
        return mf;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The entry of a manager for an operation, created empty when it does not exist yet. */
    Entry entry(String manager, String operation, String subresource, String apiVersion, String time) {
        for (Entry e : entries) {
            if (e.is(manager, operation, subresource)) {
                e.apiVersion = apiVersion;
                e.time = time;
                return e;
            }
        }
        Entry e = new Entry(manager, operation, subresource, apiVersion, time, new LinkedHashSet<>());
        entries.add(e);
        return e;
    }

    Set<List<String>> owned(String manager, String operation) {
        for (Entry e : entries) {
            if (e.is(manager, operation, "")) {
                return e.paths;
            }
        }
        return Set.of();
    }

    /** Entries other than the given one that own a path. */
    List<Entry> othersOwning(List<String> path, Entry self) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e != self && e.paths.contains(path)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Records a non-apply write (create, update, patch): the writer takes every field it changed,
     * from whoever owned it, without conflict; fields that disappeared are owned by nobody.
     */
    void recordUpdate(JsonNode before, JsonNode after, String manager, String subresource, String apiVersion,
                      String time, ListSchema schema, boolean skipStatus) {
        if ("status".equals(subresource)) {
            // A status write leaves everything but status as it was (ResourceApi.shape): only the
            // status subtree can gain, change or lose fields, so only it is walked. A CRD's status
            // write (Established) would otherwise walk its whole schema twice: 74 of them per
            // Kubeflow sync, some of them megabytes.
            Map<List<String>, JsonNode> afterStatus = FieldPaths.collectField(after, "status", schema);
            Map<List<String>, JsonNode> beforeStatus = FieldPaths.collectField(before, "status", schema);
            for (Entry e : entries) {
                e.paths.removeIf(p -> p.get(0).equals("f:status") && !afterStatus.containsKey(p));
            }
            record(changed(before, beforeStatus, afterStatus, schema), manager, subresource, apiVersion, time);
            return;
        }
        var afterPaths = FieldPaths.collect(after, schema, skipStatus);
        // One walk of the old object, then a lookup per new path, instead of a root-to-leaf search
        // (scanning each keyed list on the way) per path: linear in the object's size, where status
        // writes to large CRDs were quadratic. Only paths the old walk lacks (new fields, or another
        // kind of node there) are searched, so the answer is the same.
        Map<List<String>, JsonNode> beforePaths = before == null ? Map.of() : FieldPaths.collect(before, schema, skipStatus);
        Set<List<String>> changed = changed(before, beforePaths, afterPaths, schema);
        for (Entry e : entries) {
            e.paths.retainAll(afterPaths.keySet());
        }
        record(changed, manager, subresource, apiVersion, time);
    }

    /** The paths of {@code afterPaths} that are new or hold another value than in {@code before}. */
    private static Set<List<String>> changed(JsonNode before, Map<List<String>, JsonNode> beforePaths, Map<List<String>, JsonNode> afterPaths,
                                             ListSchema schema) {
        Set<List<String>> changed = new LinkedHashSet<>();
        afterPaths.forEach((path, value) -> {
            JsonNode old = FieldPaths.lookup(before, beforePaths, path, schema);
            boolean isItem = path.get(path.size() - 1).equals(FieldPaths.SELF);
            if (old == null || (!isItem && !Objects.equals(old, value))) {
                changed.add(path);
            }
        });
        return changed;
    }

    /** The writer takes the changed paths from whoever owned them; entries left with nothing go. */
    private void record(Set<List<String>> changed, String manager, String subresource, String apiVersion, String time) {
        if (!changed.isEmpty()) {
            Entry mine = entry(manager, UPDATE, subresource, apiVersion, time);
            for (Entry e : entries) {
                if (e != mine) {
                    e.paths.removeAll(changed);
                }
            }
            mine.paths.addAll(changed);
        }
        entries.removeIf(e -> e.paths.isEmpty());
    }

    ArrayNode toJson() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Entry e : entries) {
            if (e.paths.isEmpty()) {
                continue;
            }
            ObjectNode n = out.addObject().put("manager", e.manager).put("operation", e.operation).put("apiVersion", e.apiVersion);
            if (e.time != null) {
                n.put("time", e.time);
            }
            n.put("fieldsType", "FieldsV1");
            n.set("fieldsV1", FieldPaths.toFieldsV1(e.paths));
            if (!e.subresource.isEmpty()) {
                n.put("subresource", e.subresource);
            }
        }
        return out;
    }
}
