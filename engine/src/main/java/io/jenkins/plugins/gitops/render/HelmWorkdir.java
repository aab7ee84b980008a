package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.render.chart.ChartDependencies;
import io.jenkins.plugins.gitops.render.chart.ChartFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The chart folder Helm runs on. Usually the chart itself; a temporary copy when the render must
 * change it (checkouts and the chart cache are shared and read-only):
 * <ul>
 * <li>dependencies declared in {@code Chart.yaml} that {@code charts/} lacks are fetched into the copy's {@code charts/};</li>
 * <li>for the embedded Helm, hook annotations are disguised. helm-java's {@code template} prints only the
 *     release manifest, not the hooks Helm sorts out of it by their {@code helm.sh/hook} annotation
 *     (the {@code helm} binary's {@code template} prints both). So {@code helm.sh/hook} is replaced in
 *     every file of the copy (templates, helpers, values, sub-charts, which are unpacked for it) by a
 *     stand-in Helm does not know; the hooks then render as ordinary manifests, and {@link #restore}
 *     puts the annotation back in the output. Only a key assembled from pieces at render time
 *     ({@code printf "helm.sh/%s" "hook"}) escapes this; the {@code helm} binary has no such limit.</li>
 * </ul>
 */
final class HelmWorkdir implements AutoCloseable {

    static final String HOOK = "helm.sh/hook";
    /** Same length class as a DNS name, under {@code .invalid} (RFC 2606): no chart uses it. */
    static final String STAND_IN = "hook.helm-sh.gitops.invalid/hook";

    private final Path chart;
    private final Path temp;
    private final boolean disguised;

    private HelmWorkdir(Path chart, Path temp, boolean disguised) {
        this.chart = chart;
        this.temp = temp;
        this.disguised = disguised;
    }

    /**
     * @param disguiseHooks whether hook annotations must be disguised (the embedded Helm)
     */
    static HelmWorkdir prepare(Path root, Path chart, boolean disguiseHooks, ChartDependencies dependencies, String what) {
        boolean fetch = !ChartDependencies.missing(chart, what).isEmpty();
        boolean disguise = disguiseHooks && (fetch || mentionsHooks(chart, what));
        if (!fetch && !disguise) {
            return new HelmWorkdir(chart, null, false);
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("gitops-helm-");
            Path copy = temp.resolve(chart.getFileName() == null ? "chart" : chart.getFileName().toString());
            ChartFiles.copy(chart, copy, root, what);
            if (fetch) {
                dependencies.fetchInto(root, chart, copy.resolve("charts"), what);
            }
            HelmWorkdir work = new HelmWorkdir(copy, temp, disguise);
            if (disguise) {
                ChartFiles.unpackArchives(copy.resolve("charts"), what);
                work.disguiseAll(copy, what);
            }
            return work;
        } catch (IOException | RuntimeException e) {
            delete(temp);
            if (e instanceof RenderException r) {
                throw r;
            }
            throw new RenderException(what + ": cannot prepare a copy of the chart: " + e.getMessage(), e);
        }
    }

    Path chart() {
        return chart;
    }

    boolean disguised() {
        return disguised;
    }

    /** A values file as Helm must read it: a disguised copy when it mentions hooks. */
    Path values(Path file, String what) {
        if (!disguised) {
            return file;
        }
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            if (!text.contains(HOOK)) {
                return file;
            }
            Path copy = Files.createTempFile(temp, "values-", ".yaml");
            Files.writeString(copy, text.replace(HOOK, STAND_IN), StandardCharsets.ISO_8859_1);
            return copy;
        } catch (IOException e) {
            throw new RenderException(what + ": cannot read the values file " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** A {@code --set} key or value as Helm must read it. */
    String text(String s) {
        return disguised ? s.replace(HOOK, STAND_IN) : s;
    }

    /** Helm's output with the hook annotations as the chart wrote them. */
    String restore(String output) {
        return disguised ? output.replace(STAND_IN, HOOK) : output;
    }

    private void disguiseAll(Path dir, String what) throws IOException {
        byte[] hook = HOOK.getBytes(StandardCharsets.ISO_8859_1);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(f);
                if (indexOf(b, hook) >= 0) {
                    // Latin-1 maps bytes one to one, so a UTF-8 file comes back byte for byte.
                    Files.writeString(f, new String(b, StandardCharsets.ISO_8859_1).replace(HOOK, STAND_IN), StandardCharsets.ISO_8859_1);
                }
            }
        }
    }

    /** Whether a file of the chart names a hook, or a sub-chart archive might. */
    private static boolean mentionsHooks(Path chart, String what) {
        byte[] hook = HOOK.getBytes(StandardCharsets.ISO_8859_1);
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (chart.relativize(f).toString().contains(".git")) {
                    continue;
                }
                if (f.getFileName().toString().endsWith(".tgz") || indexOf(Files.readAllBytes(f), hook) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new RenderException(what + ": cannot read the chart: " + e.getMessage(), e);
        }
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        delete(temp);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
