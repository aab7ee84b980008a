package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool (kustomize, kubectl, helm). Output and error streams go to temporary
 * files rather than pipes, so a chatty tool can never block on a full pipe while we wait for it,
 * and a failure's error output reaches the user whole.
 */
final class ToolProcess {

    private ToolProcess() {
    }

    static String run(List<String> command, Path workDir, Duration timeout, String what) {
        return run(command, workDir, timeout, what, Map.of());
    }

    /** Runs with {@code env} added to the inherited environment. */
    static String run(List<String> command, Path workDir, Duration timeout, String what, Map<String, String> env) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("gitops-tool-", ".out");
            err = Files.createTempFile("gitops-tool-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process p = builder.directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new RenderException(what + ": " + command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();
                throw new RenderException(what + ": " + String.join(" ", command) + " failed (exit " + p.exitValue() + ")"
                        + (stderr.isEmpty() ? "" : ":\n" + stderr));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RenderException(what + ": cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException(what + ": interrupted while running " + command.get(0), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    /** Finds an executable on the PATH, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
