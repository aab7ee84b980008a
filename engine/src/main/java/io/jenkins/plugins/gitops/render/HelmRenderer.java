package io.jenkins.plugins.gitops.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.render.chart.ChartCache;
import io.jenkins.plugins.gitops.render.chart.ChartDependencies;
import io.jenkins.plugins.gitops.render.chart.ChartRepositories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a local chart folder like {@code helm template}: with a configured {@code helm} binary,
 * the embedded Helm 3 of helm-java where its native library for this platform ships, or
 * {@code helm} on the PATH ({@link HelmLocator}). Each object's source is the template Helm names
 * in its {@code # Source:} comment. Values files must stay inside the repository, as in Argo CD, or
 * inside the source a {@code $ref/...} file names. A chart from a chart repository is rendered
 * here too, once {@link io.jenkins.plugins.gitops.render.chart.ChartRepositories} has unpacked it.
 *
 * <p>As {@code helm template}, the output keeps the chart's hooks (objects annotated
 * {@code helm.sh/hook}), with their annotations: the sync maps them to phases, it never runs them
 * here. Dependencies the chart declares and {@code charts/} lacks are fetched first ({@link HelmWorkdir}).
 */
public final class HelmRenderer implements Renderer {

    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (.+)$");
    /**
     * helm-java downloads a native library from Maven Central when its ServiceLoader finds none:
     * at run time, on a Jenkins controller or agent. Never: {@link HelmLocator} only picks the
     * embedded Helm when this platform's native is on the class path, and this switch makes sure
     * nothing else is ever tried.
     */
    static final String SKIP_REMOTE_JAR = "com.marcnuri.jkube-helm.skipRemoteJar";
    private static volatile String embeddedVersion;

    static {
        if (System.getProperty(SKIP_REMOTE_JAR) == null) {
            System.setProperty(SKIP_REMOTE_JAR, "true");
        }
    }

    private final HelmOptions options;
    private final HelmLocator.Choice helm;
    private final ChartRepositories charts;

    public HelmRenderer(HelmOptions options) {
        this(options, null);
    }

    /** @param charts where declared dependencies are fetched from and cached; null for the user's chart cache */
    public HelmRenderer(HelmOptions options, ChartRepositories charts) {
        this(options, charts, HelmLocator.choose(options.binary(), !options.apiVersions().isEmpty()));
    }

    HelmRenderer(HelmOptions options, ChartRepositories charts, HelmLocator.Choice helm) {
        this.options = options;
        this.charts = charts;
        this.helm = helm;
        if (helm instanceof HelmLocator.Embedded && !options.apiVersions().isEmpty()) {
            throw new RenderException("helm option apiVersions: not supported by the embedded Helm; configure a helm binary or put helm on the PATH");
        }
    }

    /** The binary this renderer runs, or empty for the embedded Helm. */
    Optional<Path> binary() {
        return helm instanceof HelmLocator.Binary b ? Optional.of(b.path()) : Optional.empty();
    }

    @Override
    public String name() {
        return "helm";
    }

    /**
     * A binary by its path, size and modification time; embedded Helm by the helm-java release
     * bundled (its Maven coordinates): a cache hit neither runs {@code helm version} nor loads the
     * native library.
     */
    @Override
    public String toolIdentity() {
        try {
            if (binary().isPresent()) {
                Path real = binary().get().toRealPath();
                return "helm:" + real + ":" + Files.size(real) + ":" + Files.getLastModifiedTime(real).toMillis();
            }
            try (InputStream in = Helm.class.getResourceAsStream("/META-INF/maven/com.marcnuri.helm-java/helm-java/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String version = p.getProperty("version");
                    if (version != null) {
                        return "helm-java:" + version;
                    }
                }
            }
        } catch (IOException e) {
            // fall through: ask the tool
        }
        return toolVersion();
    }

    @Override
    public String toolVersion() {
        if (binary().isPresent()) {
            return ToolProcess.run(List.of(binary().get().toString(), "version", "--short"), Path.of("."), options.timeout(),
                    "helm version").strip();
        }
        String v = embeddedVersion;
        if (v == null) {
            try {
                v = "helm-java/" + embedded(() -> Helm.version().call().strip(), "helm version");
            } catch (RuntimeException e) {
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
        boolean embedded = binary().isEmpty();
        Path inline = null;
        try (HelmWorkdir work = HelmWorkdir.prepare(root, chart, embedded, dependencies(), what)) {
            if (!options.inlineValues().isBlank()) {
                // Helm reads values from files only; after the value files and before --set, as Argo CD passes them.
                inline = Files.createTempFile("gitops-helm-values-", ".yaml");
                Files.writeString(inline, options.inlineValues(), StandardCharsets.UTF_8);
                valueFiles.add(inline);
            }
            List<Path> files = valueFiles.stream().map(f -> work.values(f, what)).toList();
            if (!embedded) {
                return parse(runBinary(work.chart(), files, what), rel, what);
            }
            List<RenderedObject> out = new ArrayList<>();
            if (options.includeCrds()) {
                out.addAll(crds(root, chart));
            }
            out.addAll(parse(work.restore(runEmbedded(work, files, what)), rel, what));
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

    private ChartDependencies dependencies() {
        ChartRepositories repos = charts != null ? charts : ChartRepositories.in(ChartCache.userDefault());
        return new ChartDependencies(repos, options.repositoryRewrites());
    }

    private String runEmbedded(HelmWorkdir work, List<Path> valueFiles, String what) {
        return embedded(() -> template(work, valueFiles, what), what);
    }

    /**
     * Runs the embedded Helm with this class's loader as the context class loader (helm-java's
     * ServiceLoader looks there; in Jenkins it would otherwise not see the plugin's jars), and turns
     * a native library that does not load into advice instead of an {@link UnsatisfiedLinkError}.
     */
    static <T> T embedded(java.util.function.Supplier<T> call, String what) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HelmRenderer.class.getClassLoader());
        try {
            return call.get();
        } catch (LinkageError e) {
            HelmLocator.Platform p = HelmLocator.Platform.current();
            throw new RenderException(what + ": the embedded Helm cannot load its native library on this agent (" + p.name() + "): " + e
                    + "; install Helm 3 on the agent (https://helm.sh/docs/intro/install/, '" + p.binaryName()
                    + "' on the PATH) or configure the path of a helm binary", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private String template(HelmWorkdir work, List<Path> valueFiles, String what) {
        TemplateCommand cmd = new Helm(work.chart()).template().withName(options.releaseName());
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
            cmd = cmd.set(work.text(e.getKey()), work.text(e.getValue()));
        }
        try {
            String out = cmd.call();
            return out == null ? "" : out; // helm-java gives null, not "", for a chart that renders nothing
        } catch (RuntimeException e) {
            throw new RenderException(what + ": " + work.restore(String.valueOf(e.getMessage())), e);
        }
    }

    private String runBinary(Path chart, List<Path> valueFiles, String what) {
        List<String> cmd = new ArrayList<>(List.of(binary().get().toString(), "template", options.releaseName(), chart.toString()));
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
