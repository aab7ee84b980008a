package io.jenkins.plugins.gitops.testkit.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The shared real workload: {@code ../shared/workloads/kubeflow} beside the checkout, and its
 * reference render ({@code kubectl kustomize offline/manifests/example}, 683 documents), made
 * once per build and kept in the module's {@code target/} folder.
 */
public final class Workloads {

    /** Documents in the reference render, per the workload's README. */
    public static final int KUBEFLOW_DOCUMENTS = 683;

    private Workloads() {
    }

    /** The workload folder, looked for beside the checkout root above the current directory. */
    public static Optional<Path> kubeflow() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("workloads/kubeflow");
            if (Files.isDirectory(candidate.resolve("offline/manifests/example"))) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /**
     * The reference render as one multi-document YAML file, rendered with kubectl on first use.
     * Empty when kubectl or the workload is missing, so callers can skip with a message.
     */
    public static synchronized Optional<Path> kubeflowRender() throws IOException, InterruptedException {
        Optional<Path> dir = kubeflow();
        if (dir.isEmpty() || Kubectl.find().isEmpty()) {
            return Optional.empty();
        }
        Path out = Path.of("target", "kubeflow-example-render.yaml").toAbsolutePath();
        if (Files.isRegularFile(out) && Files.size(out) > 0) {
            return Optional.of(out);
        }
        Files.createDirectories(out.getParent());
        Path tmp = Files.createTempFile(out.getParent(), "render", ".yaml");
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.get().resolve("offline/manifests/example").toString())
                .redirectOutput(tmp.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            Files.deleteIfExists(tmp);
            throw new IOException("kubectl kustomize of the Kubeflow example failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return Optional.of(out);
    }

    /** Splits a multi-document YAML text at its {@code ---} separators, dropping empty documents. */
    public static List<String> documents(String yaml) {
        List<String> docs = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : yaml.split("\n", -1)) {
            if (line.equals("---")) {
                if (!cur.toString().isBlank()) {
                    docs.add(cur.toString());
                }
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        if (!cur.toString().isBlank()) {
            docs.add(cur.toString());
        }
        return docs;
    }
}
