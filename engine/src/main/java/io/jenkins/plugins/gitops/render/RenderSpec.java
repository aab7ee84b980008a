package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which renderer to use and with which options. {@link Tool#AUTO} picks like Argo CD: a
 * kustomization file makes a kustomize app, else a {@code Chart.yaml} a Helm app, else a folder.
 *
 * @param allowEmpty accept a render that yields no objects (false: it is an error that says what the
 *        renderer found, since a wrong path or a folder of files no renderer reads would otherwise
 *        look like a valid, empty app, and a sync of it with prune would delete the whole app)
 */
public record RenderSpec(Tool tool, KustomizeOptions kustomize, HelmOptions helm, DirectoryOptions directory, boolean allowEmpty) {

    /**
     * The renderer names {@code --tool} and Application sources use. {@code JSONNET} is the folder
     * renderer (Argo CD's directory source evaluates {@code *.jsonnet} files among the YAML ones).
     */
    public enum Tool {
        AUTO, KUSTOMIZE, HELM, DIRECTORY, JSONNET;

        public static Tool parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw (RenderException) new RenderException("unknown renderer '" + name + "' (use auto, kustomize, helm, directory or jsonnet)")
                        .asBadInput();
            }
        }
    }

    private static final List<String> KUSTOMIZATIONS = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    public RenderSpec(Tool tool, KustomizeOptions kustomize, HelmOptions helm, DirectoryOptions directory) {
        this(tool, kustomize, helm, directory, false);
    }

    public RenderSpec {
        Objects.requireNonNull(tool, "tool");
        kustomize = kustomize == null ? KustomizeOptions.defaults() : kustomize;
        helm = helm == null ? HelmOptions.release("") : helm;
        directory = directory == null ? DirectoryOptions.defaults() : directory;
    }

    public static RenderSpec auto() {
        return new RenderSpec(Tool.AUTO, null, null, null);
    }

    public static RenderSpec of(Tool tool) {
        return new RenderSpec(tool, null, null, null);
    }

    public RenderSpec withKustomize(KustomizeOptions o) {
        return new RenderSpec(tool, o, helm, directory, allowEmpty);
    }

    public RenderSpec withHelm(HelmOptions o) {
        return new RenderSpec(tool, kustomize, o, directory, allowEmpty);
    }

    public RenderSpec withDirectory(DirectoryOptions o) {
        return new RenderSpec(tool, kustomize, helm, o, allowEmpty);
    }

    /** The same spec, accepting (or not) a render without objects. */
    public RenderSpec withAllowEmpty(boolean v) {
        return new RenderSpec(tool, kustomize, helm, directory, v);
    }

    /** The tool for this folder: the chosen one, or the detected one for {@link Tool#AUTO}. */
    public Tool resolve(Path dir) {
        if (tool != Tool.AUTO) {
            return tool;
        }
        if (KUSTOMIZATIONS.stream().anyMatch(k -> Files.isRegularFile(dir.resolve(k)))) {
            return Tool.KUSTOMIZE;
        }
        return Files.isRegularFile(dir.resolve("Chart.yaml")) ? Tool.HELM : Tool.DIRECTORY;
    }

    public Renderer rendererFor(Path dir) {
        return rendererFor(dir, null);
    }

    /** @param charts where a chart's declared dependencies are fetched from (null: the user's chart cache) */
    public Renderer rendererFor(Path dir, io.jenkins.plugins.gitops.render.chart.ChartRepositories charts) {
        return switch (resolve(dir)) {
            case KUSTOMIZE -> new KustomizeRenderer(kustomize);
            case HELM -> new HelmRenderer(helm, charts);
            case DIRECTORY, JSONNET -> new DirectoryRenderer(directory);
            case AUTO -> throw new IllegalStateException("resolved AUTO");
        };
    }
}
