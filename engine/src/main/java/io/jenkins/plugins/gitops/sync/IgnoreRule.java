package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.List;
import java.util.Objects;

/**
 * Argo CD's {@code ignoreDifferences} entry by JSON pointer: fields left out of the comparison
 * for objects of a group and kind, optionally of one name and namespace ("" matches any). A
 * pointer segment {@code *} matches every list index or map key ({@code /webhooks/*&#47;clientConfig/caBundle}).
 */
public record IgnoreRule(String group, String kind, String namespace, String name, List<String> jsonPointers) {

    public IgnoreRule {
        group = group == null ? "" : group;
        Objects.requireNonNull(kind, "kind");
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        jsonPointers = List.copyOf(jsonPointers);
    }

    /**
     * What Kubeflow needs under any GitOps tool: cert-manager injects {@code caBundle} into
     * webhook configurations and CRD conversion webhooks after they are applied.
     */
    public static List<IgnoreRule> kubeflowDefaults() {
        return List.of(
                new IgnoreRule("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "", "", List.of("/webhooks/*/clientConfig/caBundle")),
                new IgnoreRule("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "", "", List.of("/webhooks/*/clientConfig/caBundle")),
                new IgnoreRule("apiextensions.k8s.io", "CustomResourceDefinition", "", "", List.of("/spec/conversion/webhook/clientConfig/caBundle")));
    }

    public boolean matches(ResourceKey key) {
        return key.group().equals(group) && key.kind().equals(kind) && (namespace.isEmpty() || namespace.equals(key.namespace()))
                && (name.isEmpty() || name.equals(key.name()));
    }

    /** Removes the rule's fields from {@code object} (changed in place). */
    public void strip(ObjectNode object) {
        for (String p : jsonPointers) {
            String[] parts = p.startsWith("/") ? p.substring(1).split("/", -1) : p.split("/", -1);
            remove(object, parts, 0);
        }
    }

    private static void remove(JsonNode node, String[] parts, int i) {
        if (node == null || i >= parts.length) {
            return;
        }
        String seg = parts[i].replace("~1", "/").replace("~0", "~");
        boolean last = i == parts.length - 1;
        if (node instanceof ObjectNode o) {
            if (seg.equals("*")) {
                if (last) {
                    o.removeAll();
                } else {
                    o.elements().forEachRemaining(c -> remove(c, parts, i + 1));
                }
            } else if (last) {
                o.remove(seg);
            } else {
                remove(o.get(seg), parts, i + 1);
            }
        } else if (node instanceof ArrayNode a) {
            if (seg.equals("*")) {
                if (last) {
                    a.removeAll();
                } else {
                    a.elements().forEachRemaining(c -> remove(c, parts, i + 1));
                }
            } else {
                try {
                    int idx = Integer.parseInt(seg);
                    if (last) {
                        a.remove(idx);
                    } else {
                        remove(a.get(idx), parts, i + 1);
                    }
                } catch (NumberFormatException e) {
                    // not an index: nothing to ignore here
                }
            }
        }
    }
}
