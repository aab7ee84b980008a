package io.jenkins.plugins.gitops.sync;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Test helper: Kubeflow's example (and single components) rendered with {@code kubectl
 * kustomize}, from {@code ../shared/workloads/kubeflow} beside the checkout root. Renders are
 * cached in {@code target/kubeflow/} so several tests (and benchmark runs) pay kubectl once.
 * Skips, saying why, when kubectl or the workload is missing.
 */
final class KubeflowBundle {

    static final String EXAMPLE = "example";
    static final String KATIB = "applications/katib/upstream/installs/katib-with-kubeflow";

    private KubeflowBundle() {
    }

    static Path manifests() {
        Path root = Path.of("").toAbsolutePath();
        if (Files.exists(root.resolve("engine")) && !Files.exists(root.resolve("src"))) {
            root = root.resolve("engine");
        }
        Path dir = root.getParent().resolveSibling("shared").resolve("workloads/kubeflow/offline/manifests").normalize();
        assumeTrue(Files.isDirectory(dir.resolve(EXAMPLE)), "skipped: the Kubeflow workload is not at " + dir);
        return dir;
    }

    static Path yaml(String component) throws IOException, InterruptedException {
        Path dir = manifests();
        Path cache = Path.of("target/kubeflow").toAbsolutePath().resolve(component.replace('/', '_') + ".yaml");
        if (Files.isRegularFile(cache)) {
            return cache;
        }
        assumeTrue(onPath("kubectl"), "skipped: kubectl is not on the PATH (needed for kubectl kustomize)");
        Files.createDirectories(cache.getParent());
        Path tmp = Files.createTempFile(cache.getParent(), "render", ".tmp");
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.resolve(component).toString()).redirectOutput(tmp.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("kubectl kustomize " + component + " failed");
        }
        Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return cache;
    }

    static RenderedSet set(String component, String revision) throws IOException, InterruptedException {
        List<RenderedObject> objs = ManifestParser.parse(Files.readString(yaml(component)), component);
        return RenderedSet.of(objs, revision, "kustomize", "");
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
