package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Makes a live or predicted object comparable: drops what the server owns (status,
 * managedFields, resourceVersion, uid, generation, creationTimestamp, selfLink, apiVersion,
 * kubectl's last-applied annotation), folds a Secret's {@code stringData} into {@code data},
 * leaves out ignored fields and, when asked, aggregated ClusterRoles' rules.
 */
final class Normalizer {

    private final List<IgnoreRule> ignores;
    private final boolean ignoreAggregatedRoles;

    Normalizer(List<IgnoreRule> ignores, boolean ignoreAggregatedRoles) {
        this.ignores = List.copyOf(ignores);
        this.ignoreAggregatedRoles = ignoreAggregatedRoles;
    }

    ObjectNode normalize(JsonNode object, ResourceKey key) {
        ObjectNode o = (ObjectNode) object.deepCopy();
        o.remove("status");
        // the key has no version: the same object read as v1beta1 and v1 must compare equal
        o.remove("apiVersion");
        if (o.get("metadata") instanceof ObjectNode md) {
            for (String f : List.of("managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink")) {
                md.remove(f);
            }
            if (md.get("annotations") instanceof ObjectNode a) {
                a.remove("kubectl.kubernetes.io/last-applied-configuration");
                if (a.isEmpty()) {
                    md.remove("annotations");
                }
            }
        }
        if (key.kind().equals("Secret") && key.group().isEmpty() && o.get("stringData") instanceof ObjectNode sd) {
            ObjectNode data = o.with("data");
            for (Iterator<Map.Entry<String, JsonNode>> it = sd.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            }
            o.remove("stringData");
        }
        if (ignoreAggregatedRoles && key.kind().equals("ClusterRole") && o.has("aggregationRule")) {
            o.remove("rules");
        }
        for (IgnoreRule r : ignores) {
            if (r.matches(key)) {
                r.strip(o);
            }
        }
        return o;
    }

    /**
     * True when every field of {@code desired} is in {@code live} with the same value: maps by
     * key, lists element by element with the same length, numbers by value. Server defaults
     * only add fields, so an object the server holds as we applied it passes.
     */
    static boolean contains(JsonNode live, JsonNode desired) {
        if (desired == null || desired.isNull()) {
            return live == null || live.isNull() || live.isMissingNode();
        }
        if (live == null || live.isMissingNode()) {
            return false;
        }
        if (desired.isObject()) {
            if (!live.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!contains(live.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!contains(live.get(i), desired.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isNumber() && live.isNumber()) {
            return desired.decimalValue().compareTo(live.decimalValue()) == 0;
        }
        return desired.equals(live);
    }
}
