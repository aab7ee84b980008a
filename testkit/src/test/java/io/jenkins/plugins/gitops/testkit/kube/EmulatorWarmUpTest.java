package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up that {@code gitops emulator --warm-up} runs against a scratch emulator before it serves. */
class EmulatorWarmUpTest {

    private static final String MANIFESTS = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: notebooks.kubeflow.example.com}
            spec:
              group: kubeflow.example.com
              scope: Namespaced
              names: {kind: Notebook, plural: notebooks, singular: notebook, listKind: NotebookList}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: kubeflow}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: kubeflow-view}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
            ---
            apiVersion: kubeflow.example.com/v1
            kind: Notebook
            metadata: {name: nb, namespace: kubeflow}
            spec: {image: jupyter}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: undeclared}
            data: {a: b}
            """;

    private static KubeEmulator emulator() {
        return KubeEmulator.builder().controllers(Simulators.all(new Failures())).start();
    }

    @Test
    void aRoundTakesTheRequestPathsOfAFirstSyncAndDeletesWhatItMade() {
        try (KubeEmulator kube = emulator()) {
            EmulatorWarmUp.Summary s = EmulatorWarmUp.run(kube, 2, List.of());

            assertThat(s.rounds()).isEqualTo(2);
            assertThat(s.objects()).isEqualTo(2 * 89);
            assertThat(s.requests()).isEqualTo(kube.requests().total());
            RequestLog log = kube.requests();
            // three applies each: CRDs and namespaces a dry run, a create and an unchanged one; the rest a dry run, a create, and a second manager
            assertThat(log.count("apply", "CustomResourceDefinition")).isEqualTo(2 * 8 * 3);
            assertThat(log.count("apply", "Deployment")).isEqualTo(2 * 3 * 5 * 3);
            assertThat(log.count("get", "Deployment")).isEqualTo(2 * 3 * 5);
            assertThat(log.count("list", "ConfigMap")).isEqualTo(2 * 3);
            assertThat(log.count("patch", "ConfigMap")).as("merge patches").isEqualTo(2 * 3 * 5);
            assertThat(log.count("watch")).as("one CRD watch per round: WebSocket, then chunked").isEqualTo(2);
            assertThat(log.count("delete", "Namespace")).isEqualTo(2 * 3);
            assertThat(log.count("delete", "CustomResourceDefinition")).isEqualTo(2 * 8);
            assertThat(log.count("discovery")).isEqualTo(2 * 6);
            assertThat(kube.api().store().list(kube.api().types().byKind("apiextensions.k8s.io/v1", "CustomResourceDefinition").orElseThrow(), null))
                    .as("its CRDs are deleted").isEmpty();
        }
    }

    @Test
    void manifestsOfTheUsersAreAppliedInEveryRoundAfterThePreviousOnesAreGone(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bundle.yaml"), MANIFESTS);
        List<ObjectNode> manifests = EmulatorWarmUp.read(file);
        assertThat(manifests).hasSize(5);
        try (KubeEmulator kube = emulator()) {
            EmulatorWarmUp.Summary s = EmulatorWarmUp.run(kube, 3, manifests);

            // built-in 89 a round, the bundle's 5 and the namespace its ConfigMap names
            assertThat(s.objects()).isEqualTo(3 * (89 + 6));
            assertThat(kube.requests().count("apply", "Notebook")).isEqualTo(3 * 3);
            assertThat(kube.requests().count("apply", "ClusterRole")).isEqualTo(3 * 3);
            assertThat(kube.requests().count("delete", "ClusterRole")).isEqualTo(3);
            assertThat(kube.requests().count("apply", "Namespace")).as("kubeflow and undeclared, then its own three, per round")
                    .isEqualTo(3 * 5 * 3);
        }
    }

    @Test
    void aKindNobodyServesIsAnErrorNamingTheObject() {
        ObjectNode unknown = Json.readObject("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Gadget\",\"metadata\":{\"name\":\"g\",\"namespace\":\"x\"}}");
        try (KubeEmulator kube = emulator()) {
            assertThatThrownBy(() -> EmulatorWarmUp.run(kube, 1, List.of(unknown)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Gadget g").hasMessageContaining("example.com/v1");
        }
    }

    @Test
    void aFailedRequestFailsTheWarmUpNamingIt() {
        try (KubeEmulator kube = KubeEmulator.builder().faults(new Faults().serverErrors(1)).start()) {
            assertThatThrownBy(() -> EmulatorWarmUp.run(kube, 1, List.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("answered 500");
        }
    }

    @Test
    void aFileWithoutObjectsOrWithSomethingElseIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "---\n# nothing\n");
        assertThatThrownBy(() -> EmulatorWarmUp.read(empty)).isInstanceOf(IOException.class).hasMessageContaining("empty.yaml holds no objects");
        Path list = Files.writeString(dir.resolve("list.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- just\n- a list\n");
        assertThatThrownBy(() -> EmulatorWarmUp.read(list)).isInstanceOf(IOException.class)
                .hasMessageContaining("list.yaml, document 2: not a Kubernetes object");
        assertThatThrownBy(() -> EmulatorWarmUp.run(null, 0, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 round");
    }
}
