package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.LabelSelector;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import io.jenkins.plugins.gitops.testkit.kube.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Shared plumbing of the controller simulators: typed lookups, status writes through the
 * status subresource (as a real controller's), owner references and selectors.
 */
abstract class Simulator extends Controller {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    protected final Failures failures;

    Simulator(Failures failures) {
        this.failures = failures;
    }

    /** The manager name our writes show in managedFields. */
    protected abstract String manager();

    protected ResourceType type(String apiVersion, String kind) {
        return api().types().byKind(apiVersion, kind).orElseThrow();
    }

    static boolean is(WatchEvent e, String group, String kind) {
        return e.resourceType().group().equals(group) && e.resourceType().kind().equals(kind);
    }

    static String ns(JsonNode o) {
        return o.path("metadata").path("namespace").asText("");
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static long generation(JsonNode o) {
        return o.path("metadata").path("generation").asLong(1);
    }

    protected WriteOptions opts(ResourceType t) {
        return new WriteOptions(manager(), false, false, t.preferredVersion());
    }

    /** Writes {@code status} through the status subresource, unless it is already that. */
    protected void writeStatus(ResourceType t, String namespace, String name, ObjectNode status) {
        ObjectNode live = api().find(t, namespace, name);
        if (live == null || status.equals(live.get("status"))) {
            return;
        }
        live.set("status", status);
        ((ObjectNode) live.get("metadata")).remove("resourceVersion");
        api().update(t, namespace, name, live, "status", opts(t));
    }

    protected List<ObjectNode> list(ResourceType t, String namespace, String labelSelector) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode item : api().list(t, namespace, LabelSelector.parse(labelSelector), null, 0, null, t.preferredVersion()).path("items")) {
            out.add((ObjectNode) item);
        }
        return out;
    }

    /** Objects of a type that have {@code owner} as their controller. */
    protected List<ObjectNode> owned(ResourceType t, JsonNode owner) {
        String uid = owner.path("metadata").path("uid").asText();
        return api().listWhere(t, ns(owner), o -> {
            for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
                if (ref.path("uid").asText().equals(uid)) {
                    return true;
                }
            }
            return false;
        }, t.preferredVersion());
    }

    static ObjectNode ownerReference(JsonNode owner) {
        return JSON.objectNode().put("apiVersion", owner.path("apiVersion").asText()).put("kind", owner.path("kind").asText())
                .put("name", name(owner)).put("uid", owner.path("metadata").path("uid").asText())
                .put("controller", true).put("blockOwnerDeletion", true);
    }

    /** {@code matchLabels} of a selector as a label selector string (matchExpressions are rare in workloads we simulate). */
    static String selector(JsonNode selector) {
        StringJoiner j = new StringJoiner(",");
        selector.path("matchLabels").fields().forEachRemaining((Map.Entry<String, JsonNode> e) -> j.add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode expr : selector.path("matchExpressions")) {
            String op = expr.path("operator").asText();
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            switch (op) {
                case "In" -> j.add(expr.path("key").asText() + " in (" + String.join(",", values) + ")");
                case "NotIn" -> j.add(expr.path("key").asText() + " notin (" + String.join(",", values) + ")");
                case "Exists" -> j.add(expr.path("key").asText());
                case "DoesNotExist" -> j.add("!" + expr.path("key").asText());
                default -> {
                }
            }
        }
        return j.toString();
    }

    static ObjectNode condition(String type, String status, String reason, String message, String now) {
        ObjectNode c = JSON.objectNode().put("type", type).put("status", status);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        c.put("lastTransitionTime", now);
        return c;
    }

    /** A stable short hash of a pod template, like the pod-template-hash label. */
    static String templateHash(JsonNode template) {
        int h = template.toString().hashCode();
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        long v = h & 0xffffffffL;
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt((int) (v % alphabet.length())));
            v /= alphabet.length();
        }
        return sb.toString();
    }

    static ArrayNode array(ObjectNode... items) {
        ArrayNode a = JSON.arrayNode();
        for (ObjectNode i : items) {
            a.add(i);
        }
        return a;
    }
}
