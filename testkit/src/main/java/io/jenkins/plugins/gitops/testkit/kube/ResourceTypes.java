package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the emulated server serves: built-in kinds plus the kinds of every Established CRD.
 * Answers the router's lookups and writes the discovery documents kubectl and fabric8 read.
 */
public final class ResourceTypes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private final List<ResourceType> types = new CopyOnWriteArrayList<>(BuiltinTypes.all());

    /** The type served at {@code group/version} under {@code plural}, if that version is served. */
    public Optional<ResourceType> byPlural(String group, String version, String plural) {
        for (ResourceType t : types) {
            if (t.group().equals(group) && t.plural().equals(plural) && t.versions().contains(version)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type of an {@code apiVersion} and {@code kind}, as written in a manifest. */
    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (ResourceType t : types) {
            if (t.group().equals(group) && t.kind().equals(kind) && t.versions().contains(version)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public List<ResourceType> all() {
        return List.copyOf(types);
    }

    /** Serves the kinds of a CRD, replacing what an earlier version of the same CRD served. */
    public void register(ResourceType type) {
        types.removeIf(t -> type.crd() != null && type.crd().equals(t.crd()));
        types.add(type);
    }

    public void unregisterCrd(String crdName) {
        types.removeIf(t -> crdName.equals(t.crd()));
    }

    /** {@code GET /api}. */
    public ObjectNode coreVersions() {
        ObjectNode n = JSON.objectNode().put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        n.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1");
        return n;
    }

    /** {@code GET /apis}: every non-core group with its versions, the preferred one first. */
    public ObjectNode groups() {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        for (ResourceType t : types) {
            if (t.group().isEmpty()) {
                continue;
            }
            List<String> vs = versions.computeIfAbsent(t.group(), g -> new ArrayList<>());
            for (String v : t.versions()) {
                if (!vs.contains(v)) {
                    vs.add(v);
                }
            }
        }
        ObjectNode n = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        versions.forEach((group, vs) -> {
            ObjectNode g = groups.addObject().put("name", group);
            ArrayNode list = g.putArray("versions");
            for (String v : vs) {
                list.addObject().put("groupVersion", group + "/" + v).put("version", v);
            }
            g.putObject("preferredVersion").put("groupVersion", group + "/" + vs.get(0)).put("version", vs.get(0));
        });
        return n;
    }

    /** {@code GET /apis/<group>} for one group, or empty when the group is not served. */
    public Optional<ObjectNode> group(String group) {
        JsonNode all = groups().path("groups");
        for (JsonNode g : all) {
            if (g.path("name").asText().equals(group)) {
                ObjectNode n = ((ObjectNode) g.deepCopy()).put("kind", "APIGroup").put("apiVersion", "v1");
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** {@code GET /api/v1} or {@code GET /apis/<group>/<version>}: the resource list, or empty when not served. */
    public Optional<ObjectNode> resources(String group, String version) {
        List<ResourceType> served = types.stream()
                .filter(t -> t.group().equals(group) && t.versions().contains(version))
                .toList();
        if (served.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode n = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode list = n.putArray("resources");
        for (ResourceType t : served) {
            ObjectNode r = list.addObject().put("name", t.plural()).put("singularName", t.singular())
                    .put("namespaced", t.namespaced()).put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            VERBS.forEach(verbs::add);
            if (!t.shortNames().isEmpty()) {
                ArrayNode sn = r.putArray("shortNames");
                t.shortNames().forEach(sn::add);
            }
            if (t.status()) {
                ObjectNode s = list.addObject().put("name", t.plural() + "/status").put("singularName", "")
                        .put("namespaced", t.namespaced()).put("kind", t.kind());
                s.putArray("verbs").add("get").add("patch").add("update");
            }
            if (t.scale()) {
                ObjectNode s = list.addObject().put("name", t.plural() + "/scale").put("singularName", "")
                        .put("namespaced", t.namespaced()).put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
                s.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return Optional.of(n);
    }
}
