package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code kustomize build} (a configured binary, else {@code kustomize} on the PATH, else
 * {@code kubectl kustomize}) and parses its output; objects keep kustomize's order.
 *
 * <p>Argo CD applies {@code spec.source.kustomize} overrides with {@code kustomize edit} in its
 * working copy. Our checkouts are shared and read-only, so the overrides go into a temporary
 * overlay kustomization that names the folder as its only resource; the effect on the output is
 * the same. Kustomize refuses absolute resource paths, so the overlay refers to the folder by a
 * relative path.
 */
public final class KustomizeRenderer implements Renderer {

    private static final Map<Path, String> VERSIONS = new ConcurrentHashMap<>();
    private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern BARE_VERSION = Pattern.compile("(v?\\d+\\.\\d+\\.\\d+[^\\s\"]*)");

    /**
     * Kustomize is a short-lived batch process that spends a third of its CPU in Go's garbage
     * collector at the default {@code GOGC=100} (Kubeflow's example: 7.6 s of CPU for 5.5 s of
     * wall time on 2 cores). {@code GOGC=200} lets its heap grow to three times the live data
     * before collecting: about 16% faster for about 150 MiB more peak memory (390 to 560 MiB),
     * still proportional to the render. A {@code GOGC} or {@code GOMEMLIMIT} the agent sets wins.
     */
    static final Map<String, String> GO_RUNTIME = goRuntime(System.getenv());

    /** The environment kustomize runs with on top of the agent's (for benchmarks and docs). */
    public static Map<String, String> goRuntimeEnvironment() {
        return GO_RUNTIME;
    }

    static Map<String, String> goRuntime(Map<String, String> inherited) {
        return inherited.containsKey("GOGC") || inherited.containsKey("GOMEMLIMIT") ? Map.of() : Map.of("GOGC", "200");
    }

    private final KustomizeOptions options;
    private final List<String> command;
    private final Path executable;

    public KustomizeRenderer(KustomizeOptions options) {
        this.options = options;
        Path kustomize = options.binary().orElseGet(() -> ToolProcess.onPath("kustomize"));
        if (kustomize != null) {
            executable = kustomize;
            command = List.of(kustomize.toString(), "build");
        } else {
            Path kubectl = ToolProcess.onPath("kubectl");
            if (kubectl == null) {
                throw new RenderException("kustomize: no kustomize binary configured and neither kustomize nor kubectl is on the PATH");
            }
            executable = kubectl;
            command = List.of(kubectl.toString(), "kustomize");
        }
    }

    @Override
    public String name() {
        return "kustomize";
    }

    @Override
    public String toolVersion() {
        return VERSIONS.computeIfAbsent(executable, exe -> {
            boolean kubectl = command.get(1).equals("kustomize");
            List<String> cmd = kubectl ? List.of(exe.toString(), "version", "--client", "-o", "json") : List.of(exe.toString(), "version");
            String out = ToolProcess.run(cmd, Path.of("."), options.timeout(), "kustomize version");
            Matcher m = (kubectl ? KUSTOMIZE_VERSION : BARE_VERSION).matcher(out);
            return m.find() ? m.group(1) : out.strip();
        });
    }

    /** The executable itself (real path, size, modification time): a cache hit runs no {@code version} command. */
    @Override
    public String toolIdentity() {
        try {
            Path real = executable.toRealPath();
            return String.join(":", command.get(1), real.toString(), Long.toString(Files.size(real)),
                    Long.toString(Files.getLastModifiedTime(real).toMillis()));
        } catch (IOException e) {
            return toolVersion(); // not a plain file (yet): ask the tool
        }
    }

    @Override
    public String cacheKey() {
        return String.join(";", options.key());
    }

    @Override
    public List<RenderedObject> render(Path root, Path dir) {
        return renderOutput(root, dir).objects();
    }

    /** Kustomize's output is the set exactly as parsed (nothing is added or dropped after it), so its text is kept. */
    @Override
    public Output renderOutput(Path root, Path dir) {
        String rel = root.relativize(dir).toString();
        String what = "kustomize build " + (rel.isEmpty() ? "." : rel);
        if (!options.hasOverrides()) {
            return output(ToolProcess.run(buildCommand(dir), dir, options.timeout(), what, GO_RUNTIME), what);
        }
        Path overlay = null;
        try {
            overlay = Files.createTempDirectory("gitops-kustomize-");
            KustomizeOverlay.write(options, overlay, root, dir);
            return output(ToolProcess.run(buildCommand(overlay), dir, options.timeout(), what, GO_RUNTIME), what);
        } catch (IOException e) {
            throw new RenderException(what + ": cannot write the override overlay: " + e.getMessage(), e);
        } finally {
            if (overlay != null) {
                deleteOverlay(overlay);
            }
        }
    }

    private List<String> buildCommand(Path target) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(target.toString());
        if (options.enableHelm()) {
            cmd.add("--enable-helm");
        }
        if (!options.loadRestrictor().isEmpty()) {
            cmd.add("--load-restrictor");
            cmd.add(options.loadRestrictor());
        }
        cmd.addAll(options.extraArgs());
        return cmd;
    }

    private static void deleteOverlay(Path overlay) {
        try {
            Files.deleteIfExists(overlay.resolve("kustomization.yaml"));
            Files.deleteIfExists(overlay);
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }

    /**
     * Kustomize prints the whole set at once. One pass: with {@code BlockYamlReader} the 12 MB
     * Kubeflow render parses in 110–180 ms on one thread, and splitting it into chunks for all
     * cores measured no faster (125–240 ms) while splitting the stream twice.
     */
    private static Output output(String text, String what) {
        return new Output(parse(text, what), Optional.of(text));
    }

    static List<RenderedObject> parse(String output, String what) {
        return ManifestParser.parseYaml(output, what + " output", 0, Optional.empty());
    }
}
