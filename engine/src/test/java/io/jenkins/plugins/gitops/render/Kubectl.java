package io.jenkins.plugins.gitops.render;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: kubectl (for {@code kubectl kustomize}) and the shared Kubeflow workload, or a skip that says what is missing. */
final class Kubectl {

    private Kubectl() {
    }

    static void assumeAvailable() {
        assumeTrue(ToolProcess.onPath("kubectl") != null || ToolProcess.onPath("kustomize") != null,
                "skipped: neither kubectl nor kustomize is on the PATH (kustomize tests need one)");
    }

    /** {@code ../shared/workloads/kubeflow} beside the checkout root (the test runs in the engine module folder). */
    static Path kubeflow() {
        Path checkoutRoot = Path.of("").toAbsolutePath().getParent();
        Path dir = checkoutRoot.resolveSibling("shared").resolve("workloads/kubeflow").normalize();
        assumeTrue(Files.isDirectory(dir.resolve("offline/manifests/example")),
                "skipped: the Kubeflow workload is not at " + dir + " (clone the repository beside ../shared)");
        return dir;
    }
}
