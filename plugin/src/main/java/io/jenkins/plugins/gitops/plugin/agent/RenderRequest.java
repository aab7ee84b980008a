package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.plugin.steps.GitopsRenderStep;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.render.InlineValues;
import io.jenkins.plugins.gitops.render.KustomizeOptions;
import io.jenkins.plugins.gitops.render.RenderSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one render, as the step and the builder take them, in a serializable form
 * that carries no secret. Turned into engine values on the agent ({@link #spec()}). Made with
 * {@link #of} and a {@link Builder}, so no caller writes a run of positional arguments.
 *
 * @param repo        repository URL, or a local path (relative paths are taken from the workspace)
 * @param revision    branch, tag or commit; "" for the default branch
 * @param path        folder in the repository; "" for the root
 * @param tool        auto, kustomize, helm, directory or jsonnet
 * @param namespace   kustomize namespace override / Helm release namespace; "" for none
 * @param releaseName Helm release name; "" for the default
 * @param valueFiles  Helm values files, relative to the chart
 * @param helmValues  Helm {@code --set} values, {@code key=value}
 * @param images      kustomize image overrides ({@code name=repo:tag}, {@code name:tag})
 * @param outputFile  where the manifests go, relative to the workspace
 * @param shallow     fetch only the revision, at depth 1, where it allows
 * @param chart       a chart name: {@code repo} is then a Helm chart repository (HTTP or {@code oci://}), not Git
 * @param chartVersion exact chart version or semver constraint; "" for the newest
 * @param valuesYaml  inline Helm values (YAML), between value files and {@code --set} values
 * @param allowEmpty  accept a render without objects (refused otherwise, saying what the folder holds)
 */
public record RenderRequest(String repo, String revision, String path, String tool, String namespace, String releaseName,
        List<String> valueFiles, List<String> helmValues, List<String> images, String outputFile, boolean shallow, String chart,
        String chartVersion, String valuesYaml, boolean allowEmpty) implements Serializable {

    /**
     * A render of {@code path} at {@code revision} of {@code repo}; every other field starts at its default
     * (auto-detected tool, no Helm or kustomize options, {@link GitopsRenderStep#DEFAULT_OUTPUT}, a full clone,
     * empty renders refused).
     */
    public static Builder of(String repo, String revision, String path) {
        return new Builder(repo, revision, path);
    }

    public RenderRequest {
        revision = revision == null ? "" : revision.strip();
        path = path == null || path.strip().equals(".") ? "" : path.strip();
        tool = tool == null || tool.isBlank() ? "auto" : tool.strip();
        namespace = namespace == null ? "" : namespace.strip();
        releaseName = releaseName == null ? "" : releaseName.strip();
        valueFiles = List.copyOf(valueFiles == null ? List.of() : valueFiles);
        helmValues = List.copyOf(helmValues == null ? List.of() : helmValues);
        images = List.copyOf(images == null ? List.of() : images);
        outputFile = outputFile == null || outputFile.isBlank() ? GitopsRenderStep.DEFAULT_OUTPUT : outputFile.strip();
        chart = chart == null ? "" : chart.strip();
        chartVersion = chartVersion == null ? "" : chartVersion.strip();
        valuesYaml = valuesYaml == null ? "" : valuesYaml;
    }

    /** The engine's render spec; throws the engine's exception for a bad tool, image or value. */
    RenderSpec spec() {
        RenderSpec spec = RenderSpec.of(RenderSpec.Tool.parse(tool));
        KustomizeOptions k = KustomizeOptions.defaults().withImages(images);
        if (!namespace.isEmpty()) {
            k = k.withNamespace(namespace);
        }
        HelmOptions h = HelmOptions.release(releaseName).withNamespace(namespace).withValueFiles(valueFiles).withValues(helmValueMap());
        if (!valuesYaml.isBlank()) {
            h = h.withInlineValues(InlineValues.check(valuesYaml, "valuesYaml"));
        }
        return spec.withKustomize(k).withHelm(h).withAllowEmpty(allowEmpty);
    }

    private Map<String, String> helmValueMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : helmValues) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Helm value '" + kv + "': expected key=value");
            }
            m.put(kv.substring(0, eq).strip(), kv.substring(eq + 1));
        }
        return m;
    }

    /** Splits a text field of the form: entries separated by new lines or commas, blanks dropped. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String s : text.split("[,\\r\\n]+")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    /** A request being made; every field starts at its default, as the compact constructor normalizes it. */
    public static final class Builder {
        private final String repo;
        private final String revision;
        private final String path;
        private String tool = "auto";
        private String namespace = "";
        private String releaseName = "";
        private List<String> valueFiles = List.of();
        private List<String> helmValues = List.of();
        private List<String> images = List.of();
        private String outputFile = GitopsRenderStep.DEFAULT_OUTPUT;
        private boolean shallow;
        private String chart = "";
        private String chartVersion = "";
        private String valuesYaml = "";
        private boolean allowEmpty;

        private Builder(String repo, String revision, String path) {
            this.repo = repo;
            this.revision = revision;
            this.path = path;
        }

        public Builder tool(String v) { tool = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder releaseName(String v) { releaseName = v; return this; }
        public Builder valueFiles(List<String> v) { valueFiles = v; return this; }
        public Builder helmValues(List<String> v) { helmValues = v; return this; }
        public Builder images(List<String> v) { images = v; return this; }
        public Builder outputFile(String v) { outputFile = v; return this; }
        public Builder shallow(boolean v) { shallow = v; return this; }
        public Builder chart(String v) { chart = v; return this; }
        public Builder chartVersion(String v) { chartVersion = v; return this; }
        public Builder valuesYaml(String v) { valuesYaml = v; return this; }
        public Builder allowEmpty(boolean v) { allowEmpty = v; return this; }

        public RenderRequest build() {
            return new RenderRequest(repo, revision, path, tool, namespace, releaseName, valueFiles, helmValues, images, outputFile, shallow,
                    chart, chartVersion, valuesYaml, allowEmpty);
        }
    }
}
