package io.jenkins.plugins.gitops.render.chart;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real chart archives for the chart repository tests, packaged by the embedded Helm
 * ({@code helm package}): a ConfigMap whose data shows the chart version and where each value
 * came from, so tests can check both the version chosen and the values' precedence.
 */
public final class TestCharts {

    private TestCharts() {
    }

    /** The chart folder {@code dir/name} (written if missing). */
    public static Path folder(Path dir, String name, String version) {
        Path chart = dir.resolve(name + "-" + version).resolve(name);
        try {
            Files.createDirectories(chart.resolve("templates"));
            Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: " + name + "\nversion: " + version + "\n");
            Files.writeString(chart.resolve("values.yaml"), "color: chart\nsize: chart\nowner: chart\ntier: chart\n");
            Files.writeString(chart.resolve("prod.yaml"), "color: file\nsize: file\nowner: file\n");
            Files.writeString(chart.resolve("templates/configmap.yaml"), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: {{ .Release.Name }}-{{ .Chart.Name }}
                      namespace: {{ .Release.Namespace }}
                    data:
                      chartVersion: {{ .Chart.Version | quote }}
                      color: {{ .Values.color | quote }}
                      size: {{ .Values.size | quote }}
                      owner: {{ .Values.owner | quote }}
                      tier: {{ .Values.tier | quote }}
                    """);
            return chart;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm package} of {@link #folder}: the bytes of {@code name-version.tgz}. */
    public static byte[] archive(Path dir, String name, String version) {
        Path chart = folder(dir, name, version);
        try {
            Path out = Files.createDirectories(dir.resolve("packages"));
            new Helm(chart).packageIt().withDestination(out).call();
            return Files.readAllBytes(out.resolve(name + "-" + version + ".tgz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
