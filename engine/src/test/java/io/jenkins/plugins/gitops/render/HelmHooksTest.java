package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helm template} keeps a chart's hooks in its output: the embedded Helm (whose template
 * drops them) and a helm binary both give the hooks, with their annotations.
 */
class HelmHooksTest {

    @TempDir
    Path tmp;

    /** A chart whose templates are the helm-hooks example's objects, one template each. */
    private Path hooksChart() throws IOException {
        String manifests = Files.readString(ArgoExamples.example("helm-hooks").resolve("manifests.yaml"), StandardCharsets.UTF_8);
        Path chart = Files.createDirectories(tmp.resolve("repo/hooks"));
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: hooks\nversion: 0.1.0\n");
        int i = 0;
        for (String doc : manifests.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                Files.writeString(chart.resolve("templates/object-" + (i++) + ".yaml"), doc.strip() + "\n");
            }
        }
        assertThat(i).isEqualTo(5);
        return chart;
    }

    private static RenderedObject named(List<RenderedObject> objs, String name) {
        return objs.stream().filter(o -> o.object().name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + objs));
    }

    @Test
    void theEmbeddedHelmKeepsHookTemplatesWithTheirAnnotations() throws IOException {
        Path chart = hooksChart();

        List<RenderedObject> objs = new HelmRenderer(HelmOptions.release("hooks")).render(chart.getParent(), chart);

        assertThat(objs).hasSize(5);
        assertThat(objs).extracting(o -> o.object().kind()).containsExactlyInAnyOrder("Job", "Job", "Job", "ReplicaSet", "Service");
        RenderedObject up = named(objs, "maint-page-up");
        assertThat(up.object().at("/metadata/annotations").toString())
                .isEqualTo("{\"helm.sh/hook\":\"pre-install\",\"helm.sh/hook-delete-policy\":\"before-hook-creation\",\"helm.sh/hook-weight\":\"-1\"}");
        assertThat(up.source()).contains("hooks/templates/object-1.yaml");
        assertThat(named(objs, "upgrade-sql-schema").object().at("/metadata/generateName").asText()).isEqualTo("upgrade-sql-schema");
        assertThat(named(objs, "maint-page-down").object().at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("post-install");
        assertThat(named(objs, "frontend").object().kind()).isIn("ReplicaSet", "Service");
        // the checkout is not touched: the disguise happens in a copy
        assertThat(Files.readString(chart.resolve("templates/object-1.yaml"))).contains("helm.sh/hook: pre-install");
    }

    @Test
    void hooksFromHelpersValuesAndVendoredArchivesAreKeptToo() throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("repo/app"));
        Files.createDirectories(chart.resolve("templates"));
        Files.createDirectories(chart.resolve("charts"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: app\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("values.yaml"), "testAnnotations:\n  helm.sh/hook: test\n");
        Files.writeString(chart.resolve("templates/_helpers.tpl"), "{{- define \"app.hook\" -}}\nhelm.sh/hook: pre-upgrade\n{{- end -}}\n");
        Files.writeString(chart.resolve("templates/migrate.yaml"), """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: migrate
                  annotations:
                    {{- include "app.hook" . | nindent 4 }}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: m, image: alpine}]
                """);
        Files.writeString(chart.resolve("templates/test.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: smoke
                  annotations: {{- toYaml .Values.testAnnotations | nindent 4 }}
                spec:
                  containers: [{name: t, image: alpine}]
                """);
        Files.writeString(chart.resolve("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");
        // a vendored sub-chart archive with a post-install hook
        Path sub = Files.createDirectories(tmp.resolve("sub/db"));
        Files.createDirectories(sub.resolve("templates"));
        Files.writeString(sub.resolve("Chart.yaml"), "apiVersion: v2\nname: db\nversion: 0.2.0\n");
        Files.writeString(sub.resolve("templates/seed.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: seed
                  annotations:
                    "helm.sh/hook": post-install
                """);
        new Helm(sub).packageIt().withDestination(chart.resolve("charts")).call();
        assertThat(chart.resolve("charts/db-0.2.0.tgz")).exists();

        List<RenderedObject> objs = new HelmRenderer(HelmOptions.release("r")).render(chart.getParent(), chart);

        assertThat(objs).extracting(o -> o.object().name()).containsExactlyInAnyOrder("migrate", "smoke", "plain", "seed");
        assertThat(named(objs, "migrate").object().at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("pre-upgrade");
        assertThat(named(objs, "smoke").object().at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("test");
        assertThat(named(objs, "seed").object().at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("post-install");
        assertThat(chart.resolve("charts/db-0.2.0.tgz")).exists();
    }

    @Test
    void aHookAnnotationSetFromTheCommandLineIsKept() throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("repo/set"));
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: set\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("templates/job.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {{- toYaml .Values.ann | nindent 4 }}\n");
        Files.writeString(chart.resolve("values.yaml"), "ann: {a: b}\n");
        Path values = chart.resolve("hook-values.yaml");
        Files.writeString(values, "ann:\n  helm.sh/hook: pre-install\n  helm.sh/hook-weight: \"3\"\n");

        List<RenderedObject> objs = new HelmRenderer(HelmOptions.release("r").withValueFiles(List.of("hook-values.yaml")))
                .render(chart.getParent(), chart);

        assertThat(objs).hasSize(1);
        assertThat(objs.get(0).object().at("/metadata/annotations/helm.sh~1hook-weight").asText()).isEqualTo("3");
    }

    @Test
    void aChartThatRendersNothingGivesAnEmptyListNotANullPointer() throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("repo/off"));
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: off\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("templates/cm.yaml"), "{{- if .Values.on }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n{{- end }}\n");

        assertThat(new HelmRenderer(HelmOptions.release("r")).render(chart.getParent(), chart)).isEmpty();
    }

    @Test
    void aHelmBinaryIsAskedForHooksAndItsHooksAreKept() throws IOException {
        Path chart = hooksChart();
        Path args = tmp.resolve("args.txt");
        Path helm = FakeHelm.write(tmp.resolve("bin"), args, """
                ---
                # Source: hooks/templates/object-2.yaml
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: frontend
                ---
                # Source: hooks/templates/object-1.yaml
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: maint-page-up
                  annotations:
                    helm.sh/hook: pre-install
                    helm.sh/hook-weight: "-1"
                """);

        List<RenderedObject> objs = new HelmRenderer(HelmOptions.release("hooks").withBinary(helm)).render(chart.getParent(), chart);

        assertThat(objs).extracting(o -> o.object().name()).containsExactly("frontend", "maint-page-up");
        assertThat(named(objs, "maint-page-up").object().at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("pre-install");
        assertThat(named(objs, "maint-page-up").source()).contains("hooks/templates/object-1.yaml");
        String called = Files.readString(args);
        assertThat(called).startsWith("template hooks ").doesNotContain("--no-hooks").doesNotContain("--skip-tests");
        // the binary renders the chart in place: no copy is needed for hooks
        assertThat(called).contains(chart.toString());
    }
}
