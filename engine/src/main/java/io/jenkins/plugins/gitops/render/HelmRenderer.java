package io.jenkins.plugins.gitops.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a local chart folder like {@code helm template}: with the embedded Helm 3 of helm-java,
 * or with a configured {@code helm} binary. Each object's source is the template Helm names in
 * its {@code # Source:} comment. Values files must stay inside the repository, as in Argo CD, or
 * inside the source a {@code $ref/...} file names. A chart from a chart repository is rendered
 * here too, once {@link io.jenkins.plugins.gitops.render.chart.ChartRepositories} has unpacked it.
 */
public final class HelmRenderer implements Renderer {

    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (.+)$");
    private static volatile String embeddedVersion;

    private final HelmOptions options;

    public HelmRenderer(HelmOptions options) {
        this.options = options;
        if (options.binary().isEmpty() && !options.apiVersions().isEmpty()) {
            throw new RenderException("helm option apiVersions: not supported by the embedded Helm; configure a helm binary");
        }
    }

    @Override
    public String name() {
        return "helm";
    }

    @Override
    public String toolVersion() {
        if (options.binary().isPresent()) {
            return ToolProcess.run(List.of(options.binary().get().toString(), "version", "--short"), Path.of("."), options.timeout(),
                    "helm version").strip();
        }
        String v = embeddedVersion;
        if (v == null) {
            try {
                v = "helm-java/" + Helm.version().call().strip();
            } catch (RuntimeException | LinkageError e) {
                v = "helm-java/unknown";
            }
            embeddedVersion = v;
        }
        return v;
    }

    /**
     * The options, plus the content of every {@code $ref} values file: those live in another
     * source, outside the Git tree (or chart digest) the render cache keys this render by.
     */
    @Override
    public String cacheKey() {
        List<String> key = new ArrayList<>(options.key());
        for (String f : options.valueFiles()) {
            if (f.startsWith("$")) {
                Path file = refValuesFile(f, "helm values " + f);
                try {
                    key.add(f + "=" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                } catch (IOException | NoSuchAlgorithmException e) {
                    throw new RenderException("helm values file '" + f + "': " + e.getMessage(), e);
                }
            }
        }
        return String.join(";", key);
    }

    @Override
    public List<RenderedObject> render(Path root, Path chart) {
        String rel = root.relativize(chart).toString();
        String what = "helm template " + (rel.isEmpty() ? "." : rel);
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new RenderException(what + ": no Chart.yaml in " + (rel.isEmpty() ? "the repository root" : rel));
        }
        List<Path> valueFiles = new ArrayList<>();
        for (String f : options.valueFiles()) {
            valueFiles.add(f.startsWith("$") ? refValuesFile(f, what) : valuesFile(root, chart, f, what));
        }
        Path inline = null;
        try {
            if (!options.inlineValues().isBlank()) {
                // Helm reads values from files only; after the value files and before --set, as Argo CD passes them.
                inline = Files.createTempFile("gitops-helm-values-", ".yaml");
                Files.writeString(inline, options.inlineValues(), StandardCharsets.UTF_8);
                valueFiles.add(inline);
            }
            if (options.binary().isPresent()) {
                return parse(runBinary(chart, valueFiles, what), rel, what);
            }
            List<RenderedObject> out = new ArrayList<>();
            if (options.includeCrds()) {
                out.addAll(crds(root, chart));
            }
            out.addAll(parse(runEmbedded(chart, valueFiles, what), rel, what));
            return out;
        } catch (IOException e) {
            throw new RenderException(what + ": cannot write the inline values: " + e.getMessage(), e);
        } finally {
            if (inline != null) {
                try {
                    Files.deleteIfExists(inline);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /**
     * {@code $ref/path}: a file of the source whose {@code ref} is {@code ref} (Argo CD multi-source),
     * which must stay inside that source's folder.
     */
    private Path refValuesFile(String name, String what) {
        String ref = HelmOptions.refName(name);
        Path refRoot = options.refRoots().get(ref);
        if (refRoot == null) {
            throw new RenderException(what + ": values file '" + name + "': no source with ref '" + ref + "'");
        }
        int slash = name.indexOf('/');
        String inRef = slash < 0 ? "" : name.substring(slash + 1);
        Path file = refRoot.resolve(inRef).normalize();
        try {
            if (inRef.isEmpty() || !file.startsWith(refRoot) || (Files.exists(file) && !file.toRealPath().startsWith(refRoot.toRealPath()))) {
                throw new RenderException(what + ": values file '" + name + "' is outside the source '" + ref + "'");
            }
            if (!Files.isRegularFile(file)) {
                throw new RenderException(what + ": values file '" + name + "' not found in the source '" + ref + "'");
            }
            return file;
        } catch (IOException e) {
            throw new RenderException(what + ": values file '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * helm-java's template never prints the chart's {@code crds/} folder ({@code --include-crds}
     * is not exposed), so they are read here, first, as Helm orders them. Only the top chart's:
     * sub-charts' CRDs need a helm binary.
     */
    private static List<RenderedObject> crds(Path root, Path chart) {
        Path crds = chart.resolve("crds");
        if (!Files.isDirectory(crds)) {
            return List.of();
        }
        return new DirectoryRenderer(new DirectoryOptions(true, "", "")).render(root, crds);
    }

    private static Path valuesFile(Path root, Path chart, String name, String what) {
        Path file = chart.resolve(name).normalize();
        try {
            if (!file.startsWith(root) || !Files.exists(file) || !file.toRealPath().startsWith(root.toRealPath())) {
                throw new RenderException(what + ": values file '" + name + "' " + (Files.exists(file) ? "is outside the repository" : "not found"));
            }
            return file;
        } catch (IOException e) {
            throw new RenderException(what + ": values file '" + name + "': " + e.getMessage(), e);
        }
    }

    private String runEmbedded(Path chart, List<Path> valueFiles, String what) {
        TemplateCommand cmd = new Helm(chart).template().withName(options.releaseName());
        if (!options.namespace().isEmpty()) {
            cmd = cmd.withNamespace(options.namespace());
        }
        if (!options.kubeVersion().isEmpty()) {
            cmd = cmd.withKubeVersion(options.kubeVersion());
        }
        if (!options.includeCrds()) {
            cmd = cmd.skipCrds();
        }
        for (Path f : valueFiles) {
            cmd = cmd.withValuesFile(f);
        }
        for (Map.Entry<String, String> e : options.values().entrySet()) {
            cmd = cmd.set(e.getKey(), e.getValue());
        }
        try {
            return cmd.call();
        } catch (RuntimeException e) {
            throw new RenderException(what + ": " + e.getMessage(), e);
        }
    }

    private String runBinary(Path chart, List<Path> valueFiles, String what) {
        List<String> cmd = new ArrayList<>(List.of(options.binary().get().toString(), "template", options.releaseName(), chart.toString()));
        if (!options.namespace().isEmpty()) {
            cmd.addAll(List.of("--namespace", options.namespace()));
        }
        if (!options.kubeVersion().isEmpty()) {
            cmd.addAll(List.of("--kube-version", options.kubeVersion()));
        }
        if (options.includeCrds()) {
            cmd.add("--include-crds");
        }
        options.apiVersions().forEach(a -> cmd.addAll(List.of("--api-versions", a)));
        valueFiles.forEach(f -> cmd.addAll(List.of("--values", f.toString())));
        options.values().forEach((k, v) -> cmd.addAll(List.of("--set", k + "=" + v)));
        return ToolProcess.run(cmd, chart, options.timeout(), what);
    }

    static List<RenderedObject> parse(String output, String chartPath, String what) {
        List<RenderedObject> out = new ArrayList<>();
        for (int[] r : ManifestParser.documentRanges(output)) {
            String doc = output.substring(r[0], r[1]);
            Matcher m = SOURCE.matcher(doc);
            Optional<String> source = m.find() ? Optional.of(templatePath(chartPath, m.group(1).strip())) : Optional.empty();
            int line = (int) output.substring(0, r[0]).chars().filter(c -> c == '\n').count();
            out.addAll(ManifestParser.parseYaml(doc, what + " output", line, source));
        }
        return out;
    }

    /** Helm names templates {@code <chart name>/templates/x.yaml}; report them under the chart's folder in the repository. */
    private static String templatePath(String chartPath, String helmSource) {
        int slash = helmSource.indexOf('/');
        String inChart = slash < 0 ? helmSource : helmSource.substring(slash + 1);
        return chartPath.isEmpty() ? inChart : chartPath + "/" + inChart;
    }
}
