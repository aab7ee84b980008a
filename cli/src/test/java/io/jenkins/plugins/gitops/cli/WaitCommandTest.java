package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WaitCommandTest {

    @TempDir
    Path tmp;

    private final Failures failures = new Failures();
    private KubeEmulator kube;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures, Duration.ofMillis(400))).start();
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static String deployment(String name, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: main, image: "%s"}]}
                """.formatted(name, name, name, image);
    }

    private int run(StringWriter out, StringWriter err, String... args) {
        return new CommandLine(new WaitCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void exitsZeroWhenHealthyAndOneWithTheCauseWhenDegraded() throws Exception {
        Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
        Path good = Files.writeString(tmp.resolve("good.yaml"), deployment("web", "nginx:1.27") + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        for (String doc : Files.readString(good).split("---\n")) {
            kube.apply(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(doc)), "gitops");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "--app", "shop", "--kubeconfig", kubeconfig.toString(), "--manifests", good.toString(), "--timeout", "20s"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("app shop healthy after").contains("1/1 Deployments available, 1/1 objects healthy");

        failures.image("broken:*", Failures.PodFailure.IMAGE_PULL_BACK_OFF);
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), deployment("broken", "broken:1"));
        kube.apply(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(Files.readString(bad))), "gitops");
        StringWriter out2 = new StringWriter();
        int code = run(out2, err, "--app", "shop", "--kubeconfig", kubeconfig.toString(), "--manifests", bad.toString(),
                "--timeout", "20s", "--fail-fast", "--output", "json");
        assertThat(code).isEqualTo(1);
        assertThat(out2.toString()).contains("\"outcome\":\"DEGRADED\"").contains("cannot pull image \\\"broken:1\\\" (ImagePullBackOff)");
    }

    @Test
    void badTimeoutIsAUsageError() {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "--app", "a", "--timeout", "ten")).isEqualTo(2);
        assertThat(err.toString()).contains("option '--timeout'").contains("'ten' is not a duration");
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> Durations.parse("5x")).hasMessageContaining("'5x'");
    }

    private static final String WIDGET_APP = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: broken, namespace: default}
            spec: {size: 1}
            ---
            """;

    /** Syncs an app with the engine, as `gitops sync` would, so that it has an inventory. */
    private void sync(String app, String yaml) {
        try (var cluster = io.jenkins.plugins.gitops.kube.Cluster.of(kube.config())) {
            var set = io.jenkins.plugins.gitops.render.RenderedSet.of(io.jenkins.plugins.gitops.render.ManifestParser.parse(yaml, "app.yaml"),
                    "r1", "directory", "");
            var r = new io.jenkins.plugins.gitops.sync.SyncEngine(cluster).sync(set,
                    io.jenkins.plugins.gitops.sync.SyncOptions.builder(app).namespace("default").initiator("test").timeout(Duration.ofSeconds(30)).build());
            assertThat(r.succeeded()).as(r.table()).isTrue();
        }
    }

    @Test
    void anAppAloneIsWaitedForWithEveryKindOfItsInventory() throws Exception {
        // the Deployment becomes available; the custom resource's operator reports Ready=False
        failures.resource("Widget/broken", "ReconciliationFailed");
        sync("shop", WIDGET_APP + deployment("web", "nginx:1.27"));
        Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = run(out, err, "--app", "shop", "--kubeconfig", kubeconfig.toString(), "--timeout", "10s", "--fail-fast");

        assertThat(code).as(out + "" + err).isEqualTo(1);
        assertThat(out.toString()).contains("app shop degraded").contains("Widget.example.com/default/broken: Degraded")
                .contains("ReconciliationFailed").doesNotContain("Missing");
        StringWriter json = new StringWriter();
        run(json, err, "--app", "shop", "--kubeconfig", kubeconfig.toString(), "--timeout", "10s", "--fail-fast", "--output", "json");
        assertThat(json.toString()).contains("\"object\":\"Deployment.apps/default/web\",\"health\":\"Healthy\"")
                .contains("\"object\":\"Widget.example.com/default/broken\",\"health\":\"Degraded\"");
    }

    @Test
    void withoutAnInventoryEveryKindCarryingTheLabelIsFoundAndNothingFoundIsAnError() throws Exception {
        failures.resource("Widget/broken", "ReconciliationFailed");
        sync("other", WIDGET_APP.substring(0, WIDGET_APP.indexOf("---")));
        kube.apply(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: broken, namespace: default, labels: {team: ml}}
                spec: {size: 1}
                """)), "kubectl");
        Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(run(out, err, "--app", "ml", "--selector", "team=ml", "--kubeconfig", kubeconfig.toString(), "--timeout", "10s",
                "--fail-fast")).isEqualTo(1);
        assertThat(out.toString()).contains("Widget.example.com/default/broken: Degraded");

        StringWriter none = new StringWriter();
        assertThat(run(new StringWriter(), none, "--app", "absent", "--kubeconfig", kubeconfig.toString(), "--timeout", "10s")).isEqualTo(1);
        assertThat(none.toString()).contains("app absent: nothing to wait for: no inventory ConfigMap/gitops-system/gitops-inventory-absent")
                .contains("gitops.jenkins.io/app=absent");
    }
}
