package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import io.jenkins.plugins.gitops.testkit.tools.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence that the emulator takes the real workload as a kube-apiserver would: the 683
 * documents of the Kubeflow reference render, applied with {@code kubectl apply --server-side},
 * are all stored (the eight CRDs too large for client-side apply included), and applying them
 * again changes nothing.
 */
class KubeflowBundleTest {

    @Test
    void kubectlServerSideApplyOfTheWholeBundleIsStoredAndIdempotent(@TempDir Path dir) throws Exception {
        Optional<Path> render = Workloads.kubeflowRender();
        assumeTrue(render.isPresent(), "skipped: kubectl or ../shared/workloads/kubeflow is missing");
        List<String> docs = Workloads.documents(Files.readString(render.get()));
        assertThat(docs).hasSize(Workloads.KUBEFLOW_DOCUMENTS);
        // kubectl maps every document to a served kind before applying: CRDs go first, as with any cluster
        StringBuilder crds = new StringBuilder();
        StringBuilder rest = new StringBuilder();
        for (String d : docs) {
            (d.contains("\nkind: CustomResourceDefinition\n") || d.startsWith("kind: CustomResourceDefinition\n") ? crds : rest)
                    .append("---\n").append(d);
        }
        Path crdFile = Files.writeString(dir.resolve("crds.yaml"), crds);
        Path restFile = Files.writeString(dir.resolve("rest.yaml"), rest);

        try (KubeEmulator kube = KubeEmulator.start()) {
            Kubectl kubectl = new Kubectl(kube.writeKubeconfig(dir.resolve("kubeconfig")), dir.resolve("cache"));
            long start = System.nanoTime();
            kubectl.run("apply", "--server-side", "--validate=false", "-f", crdFile.toString()).orThrow();
            kubectl.run("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all").orThrow();
            Kubectl.Result first = kubectl.run("apply", "--server-side", "--validate=false", "-f", restFile.toString()).orThrow();
            long firstMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(first.stdout().lines().filter(l -> l.endsWith("serverside-applied")).count()).isEqualTo(docs.size() - crdCount(docs));

            assertThat(storedObjects(kube)).isEqualTo(Workloads.KUBEFLOW_DOCUMENTS);
            ResourceType crdType = kube.api().types().byKind("apiextensions.k8s.io/v1", "CustomResourceDefinition").orElseThrow();
            long huge = 0;
            for (JsonNode crd : kube.api().list(crdType, null, null, null, 0, null, "v1").path("items")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) crd.get("metadata")).remove("managedFields");
                ((com.fasterxml.jackson.databind.node.ObjectNode) crd).remove("status");
                huge += crd.toString().length() > 262_144 ? 1 : 0;
            }
            assertThat(huge).as("CRDs over the 256 KiB limit of client-side apply, stored whole").isEqualTo(8);

            long versionBefore = kube.api().store().resourceVersion();
            long writesBefore = kube.requests().writes();
            long againStart = System.nanoTime();
            kubectl.run("apply", "--server-side", "--validate=false", "-f", crdFile.toString()).orThrow();
            kubectl.run("apply", "--server-side", "--validate=false", "-f", restFile.toString()).orThrow();
            long againMs = (System.nanoTime() - againStart) / 1_000_000;
            assertThat(kube.api().store().resourceVersion()).as("a second apply changes nothing").isEqualTo(versionBefore);
            System.out.printf("kubeflow bundle: %d documents; kubectl apply --server-side into the emulator: first %d ms, again %d ms"
                    + " (%d apply requests, 0 changes)%n", docs.size(), firstMs, againMs, kube.requests().writes() - writesBefore);
        }
    }

    private static long crdCount(List<String> docs) {
        return docs.stream().filter(d -> d.contains("\nkind: CustomResourceDefinition\n") || d.startsWith("kind: CustomResourceDefinition\n")).count();
    }

    /** Objects of every served kind, less what the emulator makes by itself (the four system namespaces). */
    private static long storedObjects(KubeEmulator kube) {
        long n = 0;
        for (ResourceType t : kube.api().types().all()) {
            n += kube.api().list(t, null, null, null, 0, null, t.preferredVersion()).path("items").size();
        }
        return n - 4;
    }
}
