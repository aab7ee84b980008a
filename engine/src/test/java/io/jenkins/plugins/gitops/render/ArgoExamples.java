package io.jenkins.plugins.gitops.render;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: an example of the conformance corpus {@code ../shared/workloads/argocd-example-apps/upstream}, read in place, or a skip. */
final class ArgoExamples {

    private ArgoExamples() {
    }

    static Path example(String name) {
        Path checkoutRoot = Path.of("").toAbsolutePath().getParent();
        Path dir = checkoutRoot.resolveSibling("shared").resolve("workloads/argocd-example-apps/upstream").resolve(name).normalize();
        assumeTrue(Files.isDirectory(dir), "skipped: the argocd-example-apps corpus is not at " + dir);
        return dir;
    }
}
