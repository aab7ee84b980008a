package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a live or predicted object comparable: drops what the server owns (status,
 * managedFields, resourceVersion, uid, generation, creationTimestamp, selfLink, apiVersion,
 * kubectl's last-applied annotation), folds a Secret's {@code stringData} into {@code data},
 * leaves out ignored fields and, when asked, aggregated ClusterRoles' rules.
 */
final class Normalizer {

    /** Metadata the server owns: left out of both sides. */
    private static final Set<String> SERVER_METADATA = Set.of("managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink");

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
            md.remove(SERVER_METADATA);
            if (md.get("annotations") instanceof ObjectNode a) {
                a.remove(Desired.LAST_APPLIED);
                if (a.isEmpty()) {
                    md.remove("annotations");
                }
            }
        }
        if (key.kind().equals("Secret") && key.group().isEmpty() && o.get("stringData") instanceof ObjectNode sd) {
            ObjectNode data = o.get("data") instanceof ObjectNode d ? d : o.putObject("data"); // data: null, as the server reads it
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
     * {@code contains(normalize(live), normalize(desired))}, read in place: a re-sync asks it of every
     * object (Kubeflow's CRDs are megabytes), and copying both trees to leave a few fields out
     * allocated most of what a re-sync did. Where normalizing does more than leave named fields out
     * of both (a Secret's stringData, an aggregated ClusterRole, an ignored array element or a
     * whole map's contents, an ignored field of metadata, an odd metadata value), the copies are made.
     */
    boolean containsNormalized(JsonNode live, JsonNode desired, ResourceKey key) {
        Skips skips = trimsOnly(live, desired, key) ? Skips.of(ignores, key) : null;
        if (skips == null) {
            return contains(normalize(live, key), normalize(desired, key));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            if (f.equals("status") || f.equals("apiVersion") || skips.removed.contains(f)) {
                continue;
            }
            if (f.equals("metadata") ? !metadataContains(live.get(f), e.getValue()) : !contains(live.get(f), e.getValue(), skips.under(f))) {
                return false;
            }
        }
        return true;
    }

    /** Whether normalizing {@code live} and {@code desired} leaves fields out of both and does nothing else, ignore rules aside. */
    private static boolean trimsOnly(JsonNode live, JsonNode desired, ResourceKey key) {
        if (!live.isObject() || !desired.isObject() || (key.kind().equals("Secret") && key.group().isEmpty())
                || (key.kind().equals("ClusterRole") && (live.has("aggregationRule") || desired.has("aggregationRule")))) {
            return false;
        }
        JsonNode md = desired.get("metadata");
        return md == null || (md.isObject() && live.path("metadata").isObject() && (md.get("annotations") == null || md.get("annotations").isObject()));
    }

    /** Desired metadata in live metadata, past the server's fields and kubectl's last-applied annotation (normalize drops them). */
    private static boolean metadataContains(JsonNode live, JsonNode desired) {
        for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            if (SERVER_METADATA.contains(f)) {
                continue;
            }
            JsonNode l = live.get(f);
            if (f.equals("annotations")) {
                for (Iterator<Map.Entry<String, JsonNode>> a = e.getValue().fields(); a.hasNext();) {
                    Map.Entry<String, JsonNode> ann = a.next();
                    if (!ann.getKey().equals(Desired.LAST_APPLIED) && !contains(l == null ? null : l.get(ann.getKey()), ann.getValue())) {
                        return false;
                    }
                }
            } else if (!contains(l, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fields the ignore rules of a key leave out, as a tree of names ({@code *}: every field or
     * element). {@link #of} gives null for what is more than leaving named fields out of maps: an
     * array index, a trailing {@code *} (a whole map or list emptied), metadata, or {@code *} beside
     * a name at one level (two rules' removals to merge).
     */
    private static final class Skips {
        static final Skips NONE = new Skips();
        final Set<String> removed = new HashSet<>();
        final Map<String, Skips> under = new HashMap<>();

        static Skips of(List<IgnoreRule> ignores, ResourceKey key) {
            Skips root = null;
            for (IgnoreRule r : ignores) {
                if (!r.matches(key)) {
                    continue;
                }
                for (String p : r.jsonPointers()) {
                    String[] parts = (p.startsWith("/") ? p.substring(1) : p).split("/", -1);
                    if (parts[0].equals("metadata") || parts[0].equals("*") || parts[parts.length - 1].equals("*")) {
                        return null;
                    }
                    root = root == null ? new Skips() : root;
                    Skips at = root;
                    for (int i = 0; i < parts.length; i++) {
                        String seg = parts[i].replace("~1", "/").replace("~0", "~");
                        if (seg.chars().allMatch(Character::isDigit) && !seg.isEmpty()) {
                            return null;
                        }
                        if (i == parts.length - 1) {
                            at.removed.add(seg);
                        } else {
                            at = at.under.computeIfAbsent(seg, x -> new Skips());
                        }
                    }
                }
            }
            return root == null ? NONE : root.mergeFree() ? root : null;
        }

        private boolean mergeFree() {
            return (!under.containsKey("*") || under.size() == 1) && under.values().stream().allMatch(Skips::mergeFree);
        }

        /** What is left out under field {@code f} (of a map) or under every element (of a list: {@code *}); null for nothing. */
        Skips under(String f) {
            Skips s = under.get(f);
            return s != null ? s : under.get("*");
        }
    }

    /**
     * True when every field of {@code desired} is in {@code live} with the same value: maps by
     * key, lists element by element with the same length, numbers by value. Server defaults
     * only add fields, so an object the server holds as we applied it passes.
     */
    static boolean contains(JsonNode live, JsonNode desired) {
        return contains(live, desired, null);
    }

    /** As {@link #contains(JsonNode, JsonNode)}, past the fields {@code skips} leaves out (null: none). */
    private static boolean contains(JsonNode live, JsonNode desired, Skips skips) {
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
                if ((skips == null || !skips.removed.contains(e.getKey())) && !contains(live.get(e.getKey()), e.getValue(),
                        skips == null ? null : skips.under(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return false;
            }
            Skips each = skips == null ? null : skips.under.get("*"); // a name at a list's level leaves nothing out, as strip
            for (int i = 0; i < desired.size(); i++) {
                if (!contains(live.get(i), desired.get(i), each)) {
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
