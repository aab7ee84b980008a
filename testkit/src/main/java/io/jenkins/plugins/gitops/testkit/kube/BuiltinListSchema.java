package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * List types of built-in Kubernetes kinds: the {@code x-kubernetes-list-type} /
 * {@code patchMergeKey} facts from the Kubernetes Go types, for the lists that GitOps manifests
 * actually patch. Everything not listed is ATOMIC, which is also what Kubernetes does for lists
 * without a patch strategy (RBAC rules and subjects, args, command, tolerations, envFrom, ...).
 *
 * <p>Rules are decided by the last field name plus just enough context to avoid false matches:
 * pod-spec lists must sit directly under a {@code spec}, container lists directly under a
 * container list, and kind-specific lists ({@code Service spec.ports}, webhook configurations,
 * CRD versions) need the right group and kind.
 */
public final class BuiltinListSchema implements ListSchema {

    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");
    private static final String ADMISSION = "admissionregistration.k8s.io";
    private static final String APIEXTENSIONS = "apiextensions.k8s.io";

    private static final ListType BY_NAME = ListType.map("name");

    private final String group;
    private final String kind;

    private BuiltinListSchema(String group, String kind) {
        this.group = group == null ? "" : group;
        this.kind = kind == null ? "" : kind;
    }

    /** @param group API group, "" for the core group; @param kind e.g. "Deployment" */
    public static BuiltinListSchema forKind(String group, String kind) {
        return new BuiltinListSchema(group, kind);
    }

    /** Reads group (from apiVersion) and kind from the object itself. */
    public static BuiltinListSchema forObject(JsonNode object) {
        String apiVersion = object == null ? "" : object.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return new BuiltinListSchema(group, object == null ? "" : object.path("kind").asText(""));
    }

    @Override
    public ListType listType(List<String> path) {
        int n = path.size();
        if (n == 0) {
            return ListType.ATOMIC;
        }
        String last = path.get(n - 1);
        String parent = n >= 2 ? path.get(n - 2) : "";
        if (parent.equals("metadata")) {
            return metadataListType(last);
        }
        if (last.equals("conditions")) {
            // Conditions of every built-in kind carry patchMergeKey=type.
            return ListType.map("type");
        }
        if (CONTAINER_LISTS.contains(parent)) {
            return containerListType(last);
        }
        if (parent.equals("resources") && last.equals("claims") && n >= 3 && CONTAINER_LISTS.contains(path.get(n - 3))) {
            return BY_NAME;
        }
        ListType kindSpecific = kindSpecific(path);
        if (kindSpecific != null) {
            return kindSpecific;
        }
        if (parent.equals("spec")) {
            return podSpecListType(last);
        }
        return ListType.ATOMIC;
    }

    /**
     * ObjectMeta lists, which also apply to custom resources: owner references are keyed by uid and
     * finalizers are a set (and metadata of pod templates is the same ObjectMeta type).
     */
    static ListType metadataListType(String field) {
        switch (field) {
            case "ownerReferences":
                return ListType.map("uid");
            case "finalizers":
                return ListType.SET;
            default:
                return ListType.ATOMIC;
        }
    }

    private static ListType containerListType(String field) {
        switch (field) {
            case "env":
                return BY_NAME;
            case "ports":
                // Kubernetes' own map keys; ListKeys treats a missing protocol as "TCP".
                return ListType.map("containerPort", "protocol");
            case "volumeMounts":
                return ListType.map("mountPath");
            case "volumeDevices":
                return ListType.map("devicePath");
            case "resizePolicy":
                return ListType.map("resourceName");
            default:
                return ListType.ATOMIC;
        }
    }

    /** Lists of a PodSpec; only consulted when the list sits directly under a "spec". */
    private static ListType podSpecListType(String field) {
        switch (field) {
            case "containers":
            case "initContainers":
            case "ephemeralContainers":
            case "volumes":
            case "imagePullSecrets":
            case "resourceClaims":
            case "schedulingGates":
                return BY_NAME;
            case "hostAliases":
                return ListType.map("ip");
            case "topologySpreadConstraints":
                return ListType.map("topologyKey", "whenUnsatisfiable");
            default:
                return ListType.ATOMIC;
        }
    }

    /** Lists whose meaning depends on the kind; null when no kind-specific rule applies. */
    private ListType kindSpecific(List<String> path) {
        if (group.isEmpty() && kind.equals("Service") && path.equals(List.of("spec", "ports"))) {
            return ListType.map("port", "protocol");
        }
        if (group.equals(ADMISSION) && (kind.equals("MutatingWebhookConfiguration") || kind.equals("ValidatingWebhookConfiguration"))
                && path.equals(List.of("webhooks"))) {
            return BY_NAME;
        }
        if (group.equals(APIEXTENSIONS) && kind.equals("CustomResourceDefinition") && path.equals(List.of("spec", "versions"))) {
            return BY_NAME;
        }
        return null;
    }

    @Override
    public String toString() {
        return "BuiltinListSchema[" + (group.isEmpty() ? "core" : group) + "/" + kind + "]";
    }
}
