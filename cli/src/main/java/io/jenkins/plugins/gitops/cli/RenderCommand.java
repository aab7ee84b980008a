package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.DirectoryOptions;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.render.InlineValues;
import io.jenkins.plugins.gitops.render.JsonnetOptions;
import io.jenkins.plugins.gitops.render.KustomizeOptions;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.render.chart.ChartSource;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops render}: renders a path of a repository at a revision, or a chart of a Helm chart
 * repository (HTTP or OCI) at a version. Prints the manifests (or writes them to {@code --out});
 * with {@code --output json}, prints a summary instead. Credentials come from the environment
 * ({@code GITOPS_GIT_USERNAME}, {@code GITOPS_GIT_PASSWORD} or {@code GITOPS_GIT_TOKEN}; for chart
 * repositories {@code GITOPS_HELM_USERNAME}, {@code GITOPS_HELM_PASSWORD} or {@code GITOPS_HELM_TOKEN}),
 * never from arguments, which other users can read in the process list.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render the manifests of a path of a Git repository (or local folder) at a revision,",
                "or of a chart of a Helm chart repository (--helm-repo, --chart, --chart-version).",
                "Credentials from the environment: GITOPS_GIT_USERNAME + GITOPS_GIT_PASSWORD or GITOPS_GIT_TOKEN;",
                "GITOPS_HELM_USERNAME + GITOPS_HELM_PASSWORD or GITOPS_HELM_TOKEN (bearer) for chart repositories."})
public final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The environment credentials are read from; tests replace it. */
    UnaryOperator<String> env = System::getenv;

    @Option(names = "--repo", description = "Git repository URL or local path (or use --helm-repo).")
    String repo;

    @Option(names = "--helm-repo", description = "Helm chart repository: https://... (serving index.yaml) or oci://host/path.")
    String helmRepo;

    @Option(names = "--chart", description = "Chart name in --helm-repo.")
    String chart;

    @Option(names = "--chart-version", defaultValue = "",
            description = "Exact chart version or semver range (1.2.*, '>=1.0 <2', ^1.4); default: the newest stable one.")
    String chartVersion;

    @Option(names = "--release", description = "Helm release name (default: release-name).")
    String release;

    @Option(names = "--namespace", description = "Helm release namespace (.Release.Namespace).")
    String namespace;

    @Option(names = "--values", description = "Helm values file, relative to the chart folder (repeatable, in order).")
    List<String> valueFiles = new ArrayList<>();

    @Option(names = "--values-inline", description = "Helm values as YAML text, or a file holding them; applied after --values, before --set.")
    String valuesInline;

    @Option(names = "--set", description = "Helm value KEY=VALUE, applied last (repeatable).")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--image", description = "kustomize image override, as Argo CD's kustomize.images: nginx:1.27, "
            + "nginx=registry.local/nginx:1.27, nginx@sha256:... (repeatable).")
    List<String> images = new ArrayList<>();

    @Option(names = "--name-prefix", defaultValue = "", description = "kustomize namePrefix override.")
    String namePrefix;

    @Option(names = "--name-suffix", defaultValue = "", description = "kustomize nameSuffix override.")
    String nameSuffix;

    @Option(names = "--kustomize-namespace", defaultValue = "", description = "kustomize namespace override (every namespaced object).")
    String kustomizeNamespace;

    @Option(names = "--common-label", description = "kustomize commonLabels override KEY=VALUE (repeatable).")
    Map<String, String> commonLabels = new LinkedHashMap<>();

    @Option(names = "--ext-var", description = "Jsonnet external variable KEY=VALUE, a string (repeatable; Argo CD's directory.jsonnet.extVars).")
    Map<String, String> extVars = new LinkedHashMap<>();

    @Option(names = "--ext-code", description = "Jsonnet external variable KEY=CODE, Jsonnet code (repeatable; extVars with code: true).")
    Map<String, String> extCode = new LinkedHashMap<>();

    @Option(names = "--tla", description = "Jsonnet top-level argument KEY=VALUE, a string (repeatable; directory.jsonnet.tlas).")
    Map<String, String> tlas = new LinkedHashMap<>();

    @Option(names = "--tla-code", description = "Jsonnet top-level argument KEY=CODE, Jsonnet code (repeatable; tlas with code: true).")
    Map<String, String> tlaCode = new LinkedHashMap<>();

    @Option(names = "--jsonnet-lib", description = "Jsonnet library folder, relative to the repository root (repeatable; directory.jsonnet.libs).")
    List<String> jsonnetLibs = new ArrayList<>();

    @Option(names = "--helm", description = "helm binary to render charts with (default: the embedded Helm where it ships for this platform, "
            + "else helm on the PATH).")
    Path helmBinary;

    @Option(names = "--insecure-registry", description = "OCI registry host[:port] reached over plain HTTP (repeatable; loopback registries always are).")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--revision", defaultValue = "HEAD", description = "Branch, tag or commit SHA (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--path", defaultValue = ".", description = "Folder in the repository (default: the root).")
    String path;

    @Option(names = "--tool", defaultValue = "auto", description = "auto, kustomize, helm, directory or jsonnet (default: ${DEFAULT-VALUE}).")
    String tool;

    @Option(names = "--out", description = "Write the manifests to this file (atomically) instead of standard output.")
    Path out;

    @Option(names = "--output", defaultValue = "yaml", description = "yaml (the manifests) or json (a summary: the gitopsRender step's return value).")
    String output;

    @Option(names = "--shallow", description = "Fetch only the revision, at depth 1 (a branch, tag or full SHA; "
            + "an abbreviated SHA, or a server that does not hand out commits by SHA, falls back to a full fetch and says so).")
    boolean shallow;

    @Option(names = "--cache-dir", description = "Mirror and render cache folder (default: ~/.cache/gitops).")
    Path cacheDir;

    @Option(names = "--allow-empty", description = "Accept a render without objects (refused otherwise, with what the folder holds).")
    boolean allowEmpty;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("yaml") && !output.equals("json")) {
            err.println("gitops render: --output must be yaml or json, not '" + output + "'");
            return 2;
        }
        if ((repo == null) == (helmRepo == null)) {
            err.println("gitops render: give either --repo (a Git repository or folder) or --helm-repo with --chart");
            return 2;
        }
        if ((helmRepo != null) != (chart != null)) {
            err.println("gitops render: --helm-repo and --chart go together");
            return 2;
        }
        RenderSpec renderSpec;
        try {
            renderSpec = RenderSpec.of(RenderSpec.Tool.parse(tool)).withHelm(helmOptions())
                    .withKustomize(KustomizeOptions.defaults().withImages(images).withNames(namePrefix, nameSuffix)
                            .withNamespace(kustomizeNamespace).withCommonLabels(commonLabels))
                    .withDirectory(DirectoryOptions.defaults().withJsonnet(new JsonnetOptions(extVars, extCode, tlas, tlaCode, jsonnetLibs)))
                    .withAllowEmpty(allowEmpty);
        } catch (GitopsException e) {
            err.println("gitops render: " + e.getMessage());
            return 2;
        }
        try {
            RenderResult result = helmRepo != null
                    ? CliRender.renderChart(new ChartSource(helmRepo, chart, chartVersion, CliCredentials.helm(env), false), renderSpec, cacheDir, registry())
                    : CliRender.render(repo, revision, path, renderSpec, cacheDir, shallow, line -> {
                        err.println("gitops render: " + line);
                        err.flush();
                    });
            if (out != null) {
                result.set().writeYaml(out);
            }
            if (output.equals("json")) {
                spec.commandLine().getOut().println(result.summary(out == null ? "" : out.toString()).toJson());
            } else if (out == null) {
                Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
                result.set().writeYaml(w);
                w.flush();
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (GitopsException e) {
            return ExitCodes.report(err, "render", e);
        }
    }

    private HelmOptions helmOptions() throws IOException {
        HelmOptions h = HelmOptions.release(release).withNamespace(namespace).withValueFiles(valueFiles).withValues(set).withBinary(helmBinary);
        return valuesInline == null ? h : h.withInlineValues(InlineValues.check(inlineText(valuesInline), "--values-inline"));
    }

    /** {@code --values-inline} names a file when one exists at that path; otherwise it is the YAML itself. */
    private static String inlineText(String arg) throws IOException {
        try {
            Path file = Path.of(arg);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
        } catch (InvalidPathException notAPath) {
            // YAML text with characters no path may hold
        }
        return arg;
    }

    private RegistryOptions registry() {
        RegistryOptions options = RegistryOptions.defaults().withTimeout(Duration.ofSeconds(30));
        for (String host : insecureRegistries) {
            options = options.withHost(RegistryHostConfig.anonymous(host).withPlainHttp(true));
        }
        return options;
    }
}
