package io.jenkins.plugins.gitops.testkit.kube;

import static io.jenkins.plugins.gitops.testkit.kube.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinListSchemaTest {

    private static final ListType BY_NAME = ListType.map("name");

    private static List<String> path(String dotted) {
        return dotted.isEmpty() ? List.of() : Arrays.asList(dotted.split("\\."));
    }

    static Stream<Arguments> cases() {
        String pod = "spec.template.spec";
        return Stream.of(
                // Pod spec lists, in a Pod, a Deployment template and a CronJob's nested template.
                Arguments.of("", "Pod", "spec.containers", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".containers", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".initContainers", BY_NAME),
                Arguments.of("", "Pod", "spec.ephemeralContainers", BY_NAME),
                Arguments.of("batch", "CronJob", "spec.jobTemplate.spec.template.spec.containers", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".volumes", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".imagePullSecrets", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".hostAliases", ListType.map("ip")),
                Arguments.of("apps", "Deployment", pod + ".topologySpreadConstraints", ListType.map("topologyKey", "whenUnsatisfiable")),
                Arguments.of("apps", "Deployment", pod + ".resourceClaims", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".tolerations", ListType.ATOMIC),
                Arguments.of("apps", "Deployment", pod + ".readinessGates", ListType.ATOMIC),
                // Container lists.
                Arguments.of("apps", "Deployment", pod + ".containers.env", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".initContainers.env", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".containers.ports", ListType.map("containerPort", "protocol")),
                Arguments.of("apps", "Deployment", pod + ".containers.volumeMounts", ListType.map("mountPath")),
                Arguments.of("apps", "Deployment", pod + ".containers.volumeDevices", ListType.map("devicePath")),
                Arguments.of("apps", "Deployment", pod + ".containers.resizePolicy", ListType.map("resourceName")),
                Arguments.of("apps", "Deployment", pod + ".containers.resources.claims", BY_NAME),
                Arguments.of("apps", "Deployment", pod + ".containers.args", ListType.ATOMIC),
                Arguments.of("apps", "Deployment", pod + ".containers.command", ListType.ATOMIC),
                Arguments.of("apps", "Deployment", pod + ".containers.envFrom", ListType.ATOMIC),
                // Context matters: env or volumes elsewhere are not the pod's.
                Arguments.of("", "ConfigMap", "data.env", ListType.ATOMIC),
                Arguments.of("example.com", "Widget", "volumes", ListType.ATOMIC),
                Arguments.of("", "ServiceAccount", "imagePullSecrets", ListType.ATOMIC),
                // Service ports vs other ports.
                Arguments.of("", "Service", "spec.ports", ListType.map("port", "protocol")),
                Arguments.of("apps", "Deployment", "spec.ports", ListType.ATOMIC),
                Arguments.of("networking.k8s.io", "NetworkPolicy", "spec.ingress.ports", ListType.ATOMIC),
                Arguments.of("discovery.k8s.io", "EndpointSlice", "ports", ListType.ATOMIC),
                // Metadata, everywhere ObjectMeta appears.
                Arguments.of("apps", "Deployment", "metadata.ownerReferences", ListType.map("uid")),
                Arguments.of("", "ConfigMap", "metadata.finalizers", ListType.SET),
                Arguments.of("apps", "Deployment", "spec.template.metadata.finalizers", ListType.SET),
                Arguments.of("", "ConfigMap", "metadata.managedFields", ListType.ATOMIC),
                // Conditions anywhere.
                Arguments.of("apps", "Deployment", "status.conditions", ListType.map("type")),
                Arguments.of("", "Node", "status.conditions", ListType.map("type")),
                // Kind-specific lists.
                Arguments.of("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "webhooks", BY_NAME),
                Arguments.of("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "webhooks", BY_NAME),
                Arguments.of("example.com", "MutatingWebhookConfiguration", "webhooks", ListType.ATOMIC),
                Arguments.of("apiextensions.k8s.io", "CustomResourceDefinition", "spec.versions", BY_NAME),
                Arguments.of("example.com", "CustomResourceDefinition", "spec.versions", ListType.ATOMIC),
                Arguments.of("apps", "Deployment", "spec.versions", ListType.ATOMIC),
                // Everything else is atomic.
                Arguments.of("rbac.authorization.k8s.io", "ClusterRole", "rules", ListType.ATOMIC),
                Arguments.of("rbac.authorization.k8s.io", "RoleBinding", "subjects", ListType.ATOMIC),
                Arguments.of("", "Pod", "", ListType.ATOMIC));
    }

    @ParameterizedTest(name = "{0}/{1} {2} -> {3}")
    @MethodSource("cases")
    void listTypes(String group, String kind, String path, ListType expected) {
        assertThat(BuiltinListSchema.forKind(group, kind).listType(path(path))).isEqualTo(expected);
    }

    @Test
    void readsGroupAndKindFromTheObject() {
        ListSchema service = BuiltinListSchema.forObject(json("{'apiVersion':'v1','kind':'Service'}"));
        ListSchema webhooks = BuiltinListSchema.forObject(json("{'apiVersion':'admissionregistration.k8s.io/v1','kind':'ValidatingWebhookConfiguration'}"));
        assertThat(service.listType(List.of("spec", "ports"))).isEqualTo(ListType.map("port", "protocol"));
        assertThat(webhooks.listType(List.of("webhooks"))).isEqualTo(BY_NAME);
    }
}
