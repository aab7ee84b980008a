package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The update validation of kube-apiserver for fields that cannot change in place, with its
 * messages: {@code Deployment.apps "web" is invalid: spec.selector: Invalid value:
 * v1.LabelSelector{...}: field is immutable}. Checked on updates, patches and applies (dry runs
 * too), never on create; several refusals are joined in brackets as the server joins them.
 */
final class Immutability {

    private static final String STATEFULSET_FORBIDDEN = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', "
            + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    private static final String PVC_FORBIDDEN = "spec: Forbidden: spec is immutable after creation except resources.requests "
            + "and volumeAttributesClassName for bound claims";
    private static final String IMMUTABLE_SET = "Forbidden: field is immutable when `immutable` is set";

    private Immutability() {
    }

    /**
     * Fills what a real server keeps on update when the writer leaves it out (a Service's
     * allocated cluster IPs), then refuses changes to immutable fields with 422 Invalid.
     */
    static void check(ResourceType type, ObjectNode live, ObjectNode next) {
        if (!type.builtin()) {
            return;
        }
        List<String> errors = new ArrayList<>();
        JsonNode oldSpec = live.path("spec");
        JsonNode newSpec = next.path("spec");
        switch (type.group() + "/" + type.kind()) {
            case "apps/Deployment", "apps/ReplicaSet", "apps/DaemonSet" -> selector(oldSpec, newSpec, errors);
            case "apps/StatefulSet" -> {
                if (!same(without(oldSpec, "replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"),
                        without(newSpec, "replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"))) {
                    errors.add(STATEFULSET_FORBIDDEN);
                }
            }
            case "batch/Job" -> job(oldSpec, newSpec, errors);
            case "/Service" -> service(live, next, errors);
            case "/PersistentVolumeClaim" -> {
                if (!same(pvcFixed(oldSpec), pvcFixed(newSpec))) {
                    errors.add(PVC_FORBIDDEN);
                }
            }
            case "/ConfigMap", "/Secret" -> immutableData(type, live, next, errors);
            case "rbac.authorization.k8s.io/RoleBinding", "rbac.authorization.k8s.io/ClusterRoleBinding" -> {
                if (!same(live.path("roleRef"), next.path("roleRef"))) {
                    errors.add("roleRef: Invalid value: " + roleRef(next.path("roleRef")) + ": cannot change roleRef");
                }
            }
            default -> {
            }
        }
        if (!errors.isEmpty()) {
            String name = next.path("metadata").path("name").asText();
            String what = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
            String detail = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
            throw new ApiException(422, "Invalid", what + " \"" + name + "\" is invalid: " + detail);
        }
    }

    private static void selector(JsonNode oldSpec, JsonNode newSpec, List<String> errors) {
        if (!same(oldSpec.path("selector"), newSpec.path("selector"))) {
            errors.add("spec.selector: Invalid value: " + labelSelector(newSpec.path("selector")) + ": field is immutable");
        }
    }

    /**
     * Jobs: the selector, and the pod template except what a suspended Job may change (labels,
     * annotations, node selector, tolerations, affinity and scheduling gates).
     */
    private static void job(JsonNode oldSpec, JsonNode newSpec, List<String> errors) {
        selector(oldSpec, newSpec, errors);
        JsonNode oldT = oldSpec.path("template");
        JsonNode newT = newSpec.path("template");
        boolean suspended = oldSpec.path("suspend").asBoolean(false);
        boolean changed = suspended ? !same(mutableWhenSuspended(oldT), mutableWhenSuspended(newT)) : !same(oldT, newT);
        if (changed) {
            errors.add("spec.template: Invalid value: core.PodTemplateSpec" + Json.compact(newT) + ": field is immutable");
        }
    }

    private static JsonNode mutableWhenSuspended(JsonNode template) {
        if (!(template instanceof ObjectNode t)) {
            return template;
        }
        ObjectNode c = t.deepCopy();
        Json.obj(c, "metadata").remove(List.of("labels", "annotations"));
        Json.obj(c, "spec").remove(List.of("nodeSelector", "tolerations", "affinity", "schedulingGates"));
        return c;
    }

    /** Services keep their allocated cluster IPs when an update leaves them out; set ones cannot change. */
    private static void service(ObjectNode live, ObjectNode next, List<String> errors) {
        JsonNode oldSpec = live.path("spec");
        ObjectNode newSpec = Json.obj(next, "spec");
        if ("ExternalName".equals(oldSpec.path("type").asText()) || "ExternalName".equals(newSpec.path("type").asText())) {
            return;
        }
        String oldIp = oldSpec.path("clusterIP").asText("");
        if (oldIp.isEmpty()) {
            return;
        }
        if (newSpec.path("clusterIP").asText("").isEmpty()) {
            newSpec.put("clusterIP", oldIp);
            if (oldSpec.has("clusterIPs") && newSpec.path("clusterIPs").isEmpty()) {
                newSpec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
            return;
        }
        String newIp = newSpec.path("clusterIP").asText();
        if (!newIp.equals(oldIp)) {
            errors.add("spec.clusterIPs[0]: Invalid value: []string{\"" + newIp + "\"}: may not change once set");
            errors.add("spec.clusterIP: Invalid value: \"" + newIp + "\": field is immutable");
        }
    }

    private static JsonNode pvcFixed(JsonNode spec) {
        if (!(spec instanceof ObjectNode s)) {
            return spec;
        }
        ObjectNode c = s.deepCopy();
        c.remove("volumeAttributesClassName");
        if (c.get("resources") instanceof ObjectNode r) {
            r.remove("requests");
        }
        return c;
    }

    /** ConfigMaps and Secrets with {@code immutable: true}: data stays, and so does the flag. */
    private static void immutableData(ResourceType type, ObjectNode live, ObjectNode next, List<String> errors) {
        if (type.kind().equals("Secret") && live.has("type") && !same(live.path("type"), next.path("type"))) {
            errors.add("type: Invalid value: \"" + next.path("type").asText() + "\": field is immutable");
        }
        if (!live.path("immutable").asBoolean(false)) {
            return;
        }
        if (!next.path("immutable").asBoolean(false)) {
            errors.add("immutable: " + IMMUTABLE_SET);
        }
        for (String f : type.kind().equals("Secret") ? List.of("data", "stringData") : List.of("data", "binaryData")) {
            if (!same(live.path(f), next.path(f))) {
                errors.add(f + ": " + IMMUTABLE_SET);
            }
        }
    }

    /** {@code v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}, as Go prints it. */
    static String labelSelector(JsonNode s) {
        if (s.isMissingNode() || s.isNull()) {
            return "(*v1.LabelSelector)(nil)";
        }
        StringBuilder b = new StringBuilder("v1.LabelSelector{MatchLabels:");
        JsonNode labels = s.path("matchLabels");
        if (labels.isEmpty()) {
            b.append("map[string]string(nil)");
        } else {
            List<String> parts = new ArrayList<>();
            new java.util.TreeMap<String, String>(toMap(labels)).forEach((k, v) -> parts.add(quote(k) + ":" + quote(v)));
            b.append("map[string]string{").append(String.join(", ", parts)).append('}');
        }
        b.append(", MatchExpressions:");
        JsonNode exprs = s.path("matchExpressions");
        if (exprs.isEmpty()) {
            b.append("[]v1.LabelSelectorRequirement(nil)");
        } else {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : exprs) {
                List<String> values = new ArrayList<>();
                e.path("values").forEach(v -> values.add(quote(v.asText())));
                parts.add("v1.LabelSelectorRequirement{Key:" + quote(e.path("key").asText()) + ", Operator:" + quote(e.path("operator").asText())
                        + ", Values:" + (values.isEmpty() ? "[]string(nil)" : "[]string{" + String.join(", ", values) + "}") + "}");
            }
            b.append("[]v1.LabelSelectorRequirement{").append(String.join(", ", parts)).append('}');
        }
        return b.append('}').toString();
    }

    private static String roleRef(JsonNode r) {
        return "rbac.RoleRef{APIGroup:" + quote(r.path("apiGroup").asText()) + ", Kind:" + quote(r.path("kind").asText())
                + ", Name:" + quote(r.path("name").asText()) + "}";
    }

    private static Map<String, String> toMap(JsonNode o) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static JsonNode without(JsonNode spec, String... fields) {
        if (!(spec instanceof ObjectNode s)) {
            return spec;
        }
        ObjectNode c = s.deepCopy();
        c.remove(Set.of(fields));
        return c;
    }

    /** Equal, where an absent field equals an empty or null one (as Go's zero values do). */
    private static boolean same(JsonNode a, JsonNode b) {
        return Objects.equals(zero(a), zero(b));
    }

    private static JsonNode zero(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || (n.isContainerNode() && n.isEmpty()) ? null : n;
    }
}
