package io.jenkins.plugins.gitops.render;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Options of the Helm renderer, as Argo CD's {@code spec.source.helm}. Values apply in Helm's
 * (and Argo CD's) order: the chart's {@code values.yaml}, then {@code valueFiles} in order, then
 * the inline values, then the {@code --set} values.
 *
 * @param binary a {@code helm} binary to run instead of the embedded Helm (helm-java)
 * @param releaseName the release name; Argo CD uses the application name
 * @param namespace the release namespace ({@code .Release.Namespace}); "" for {@code default}
 * @param valueFiles values files, relative to the chart folder, they must stay inside the repository;
 *                   or {@code $ref/path} for a file of the source named {@code ref} in {@code refRoots}
 * @param values {@code --set} values in order ({@code image.tag=1.2}); later ones win
 * @param includeCrds render the chart's {@code crds/} folder (Argo CD's default: true)
 * @param apiVersions extra {@code Capabilities.APIVersions}; needs {@code binary} (helm-java cannot pass them)
 * @param kubeVersion {@code Capabilities.KubeVersion}; "" for Helm's default
 * @param timeout how long a helm binary may run
 * @param inlineValues values as YAML (or JSON) text, Argo CD's {@code helm.values} / {@code helm.valuesObject}; "" for none
 * @param refRoots the folders of the sources {@code $ref} value files name (Argo CD multi-source {@code ref:}), by ref name
 * @param passCredentials for a chart from a chart repository: send its credentials to chart URLs on other hosts too
 *                        (Argo CD's {@code helm.passCredentials}); does not change the output, so it is not part of the cache key
 * @param repositoryRewrites for the chart's dependencies: repository URL prefixes replaced before fetching
 *                           ({@code https://charts.example.com} to a mirror), longest prefix first
 */
public record HelmOptions(Optional<Path> binary, String releaseName, String namespace, List<String> valueFiles,
        Map<String, String> values, boolean includeCrds, List<String> apiVersions, String kubeVersion, Duration timeout,
        String inlineValues, Map<String, Path> refRoots, boolean passCredentials, Map<String, String> repositoryRewrites) {

    public HelmOptions {
        binary = binary == null ? Optional.empty() : binary;
        releaseName = releaseName == null || releaseName.isBlank() ? "release-name" : releaseName.strip();
        namespace = namespace == null ? "" : namespace.strip();
        valueFiles = List.copyOf(valueFiles == null ? List.of() : valueFiles);
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
        apiVersions = List.copyOf(apiVersions == null ? List.of() : apiVersions);
        kubeVersion = kubeVersion == null ? "" : kubeVersion.strip();
        timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
        inlineValues = inlineValues == null ? "" : inlineValues;
        refRoots = Map.copyOf(refRoots == null ? Map.of() : refRoots);
        repositoryRewrites = Map.copyOf(repositoryRewrites == null ? Map.of() : repositoryRewrites);
    }

    public static HelmOptions release(String name) {
        return new HelmOptions(Optional.empty(), name, "", List.of(), Map.of(), true, List.of(), "", null, "", Map.of(), false, Map.of());
    }

    public HelmOptions withNamespace(String ns) {
        return new HelmOptions(binary, releaseName, ns, valueFiles, values, includeCrds, apiVersions, kubeVersion, timeout, inlineValues, refRoots, passCredentials, repositoryRewrites);
    }

    public HelmOptions withValueFiles(List<String> files) {
        return new HelmOptions(binary, releaseName, namespace, files, values, includeCrds, apiVersions, kubeVersion, timeout, inlineValues, refRoots, passCredentials, repositoryRewrites);
    }

    public HelmOptions withValues(Map<String, String> set) {
        return new HelmOptions(binary, releaseName, namespace, valueFiles, set, includeCrds, apiVersions, kubeVersion, timeout, inlineValues, refRoots, passCredentials, repositoryRewrites);
    }

    public HelmOptions withIncludeCrds(boolean crds) {
        return new HelmOptions(binary, releaseName, namespace, valueFiles, values, crds, apiVersions, kubeVersion, timeout, inlineValues, refRoots, passCredentials, repositoryRewrites);
    }

    public HelmOptions withCapabilities(List<String> apis, String kube) {
        return new HelmOptions(binary, releaseName, namespace, valueFiles, values, includeCrds, apis, kube, timeout, inlineValues, refRoots, passCredentials, repositoryRewrites);
    }

    public HelmOptions withBinary(Path helm) {
        return new HelmOptions(Optional.ofNullable(helm), releaseName, namespace, valueFiles, values, includeCrds, apiVersions, kubeVersion, timeout,
                inlineValues, refRoots, passCredentials, repositoryRewrites);
    }

    /** Inline values (YAML or JSON text of a mapping); check them first with {@link InlineValues#check}. */
    public HelmOptions withInlineValues(String yaml) {
        return new HelmOptions(binary, releaseName, namespace, valueFiles, values, includeCrds, apiVersions, kubeVersion, timeout, yaml, refRoots, passCredentials, repositoryRewrites);
    }

    /** The folders {@code $ref/...} value files point into, by ref name. */
    public HelmOptions withRefRoots(Map<String, Path> roots) {
        return new HelmOptions(binary, releaseName, namespace, valueFiles, values, includeCrds, apiVersions, kubeVersion, timeout, inlineValues, roots, passCredentials, repositoryRewrites);
    }

    public HelmOptions withPassCredentials(boolean pass) {
        return new HelmOptions(binary, releaseName, namespace, valueFiles, values, includeCrds, apiVersions, kubeVersion, timeout, inlineValues, refRoots, pass, repositoryRewrites);
    }

    /** Repository URL prefixes of the chart's dependencies to fetch from elsewhere (a mirror): FROM prefix to TO prefix. */
    public HelmOptions withRepositoryRewrites(Map<String, String> rewrites) {
        return new HelmOptions(binary, releaseName, namespace, valueFiles, values, includeCrds, apiVersions, kubeVersion, timeout, inlineValues, refRoots,
                passCredentials, rewrites);
    }

    /** The ref names {@code $ref/...} value files use, in order, without the {@code $}. */
    public List<String> refNames() {
        return valueFiles.stream().filter(f -> f.startsWith("$")).map(HelmOptions::refName).distinct().toList();
    }

    static String refName(String valueFile) {
        int slash = valueFile.indexOf('/');
        return slash < 0 ? valueFile.substring(1) : valueFile.substring(1, slash);
    }

    List<String> key() {
        List<String> k = new ArrayList<>();
        k.add("release=" + releaseName);
        k.add("namespace=" + namespace);
        k.add("valueFiles=" + valueFiles);
        k.add("values=" + values);
        k.add("crds=" + includeCrds);
        k.add("apis=" + apiVersions);
        k.add("kube=" + kubeVersion);
        // The ref roots are machine paths; the renderer keys $ref files by their content instead.
        k.add("inline=" + inlineValues);
        if (!repositoryRewrites.isEmpty()) {
            k.add("repositoryRewrites=" + new java.util.TreeMap<>(repositoryRewrites));
        }
        return k;
    }
}
