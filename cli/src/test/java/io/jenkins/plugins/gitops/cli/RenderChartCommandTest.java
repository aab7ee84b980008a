package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.testkit.helm.ChartRepoServer;
import io.jenkins.plugins.gitops.testkit.helm.TarGz;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gitops render --helm-repo URL --chart NAME --chart-version RANGE} against a loopback chart repository. */
class RenderChartCommandTest {

    @TempDir
    Path tmp;
    ChartRepoServer repo;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    private static byte[] chart(String version) {
        return TarGz.create()
                .file("app/Chart.yaml", "apiVersion: v2\nname: app\nversion: " + version + "\n")
                .file("app/values.yaml", "greeting: chart\nwho: chart\nmood: chart\n")
                .file("app/prod.yaml", "greeting: file\nwho: file\nmood: file\n")
                .file("app/templates/cm.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: {{ .Release.Name }}, namespace: {{ .Release.Namespace }}}
                        data: {greeting: {{ .Values.greeting | quote }}, who: {{ .Values.who | quote }}, mood: {{ .Values.mood | quote }}, version: {{ .Chart.Version | quote }}}
                        """)
                .build();
    }

    @BeforeEach
    void start() {
        repo = ChartRepoServer.start().requireBasicAuth("cli", "helm-s3cret").publish("app", "0.9.0", chart("0.9.0")).publish("app", "1.3.0", chart("1.3.0"));
    }

    @AfterEach
    void stop() {
        repo.close();
    }

    private int render(Map<String, String> env, String... args) {
        RenderCommand command = new RenderCommand();
        command.env = env::get;
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void rendersAChartFromARepositoryWithValuesInPrecedenceOrder() throws Exception {
        Path inline = Files.writeString(tmp.resolve("inline.yaml"), "who: inline\nmood: inline\n");

        int code = render(Map.of("GITOPS_HELM_USERNAME", "cli", "GITOPS_HELM_PASSWORD", "helm-s3cret"),
                "--helm-repo", repo.url(), "--chart", "app", "--chart-version", "<1.0 || >=1.2", "--release", "hello", "--namespace", "demo",
                "--values", "prod.yaml", "--values-inline", inline.toString(), "--set", "mood=set",
                "--out", tmp.resolve("out.yaml").toString(), "--output", "json", "--cache-dir", tmp.resolve("cache").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"revision\":\"1.3.0\"", "\"renderer\":\"helm\"", "\"objectCount\":1");
        assertThat(tmp.resolve("out.yaml")).content().contains("name: hello", "namespace: demo", "greeting: file", "who: inline", "mood: set",
                "version: 1.3.0");
        assertThat(tmp.resolve("cache/charts")).isDirectory();
    }

    @Test
    void inlineValuesMayBeYamlText() {
        int code = render(Map.of("GITOPS_HELM_USERNAME", "cli", "GITOPS_HELM_PASSWORD", "helm-s3cret"),
                "--helm-repo", repo.url(), "--chart", "app", "--chart-version", "0.9.0", "--values-inline", "{greeting: text}",
                "--out", tmp.resolve("out.yaml").toString(), "--cache-dir", tmp.resolve("cache").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(tmp.resolve("out.yaml")).content().contains("greeting: text", "version: 0.9.0");
    }

    @Test
    void refusedCredentialsAreExit1WithoutTheSecret() {
        int code = render(Map.of("GITOPS_HELM_USERNAME", "cli", "GITOPS_HELM_PASSWORD", "not-the-s3cret"),
                "--helm-repo", repo.url(), "--chart", "app", "--cache-dir", tmp.resolve("cache").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("gitops render: chart repository " + repo.url() + ": HTTP 403 for index.yaml")
                .doesNotContain("not-the-s3cret");
    }

    @Test
    void badCombinationsAndBadInlineValuesAreExit2() {
        assertThat(render(Map.of(), "--chart", "app")).isEqualTo(2);
        assertThat(render(Map.of(), "--repo", ".", "--helm-repo", repo.url(), "--chart", "app")).isEqualTo(2);
        assertThat(render(Map.of(), "--helm-repo", repo.url())).isEqualTo(2);
        assertThat(render(Map.of(), "--helm-repo", repo.url(), "--chart", "app", "--values-inline", "- not\n- a map\n")).isEqualTo(2);
        assertThat(err.toString()).contains("give either --repo", "--helm-repo and --chart go together",
                "--values-inline: Helm values must be a mapping");
    }
}
