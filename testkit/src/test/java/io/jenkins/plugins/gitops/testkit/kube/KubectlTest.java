package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl works against the emulator: get, server-side apply, delete, and get -w. */
class KubectlTest {

    private static KubeEmulator kube;
    private static Kubectl kubectl;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        assumeTrue(Kubectl.find().isPresent(), "kubectl is not on PATH: skipping the kubectl conformance tests");
        kube = KubeEmulator.start();
        kubectl = new Kubectl(kube.writeKubeconfig(dir.resolve("kubeconfig")), dir.resolve("cache"));
    }

    @AfterAll
    static void stop() {
        if (kube != null) {
            kube.close();
        }
    }

    private static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, labels: {app: web}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop, labels: {app: web}}
            data: {mode: fast}
            """;

    @Test
    void serverSideApplyGetAndDelete() {
        Kubectl.Result apply = kubectl.runWithInput(APP, "apply", "--server-side", "--validate=false", "-f", "-").orThrow();
        assertThat(apply.stdout()).contains("namespace/shop serverside-applied", "deployment.apps/web serverside-applied",
                "configmap/settings serverside-applied");
        String managed = kubectl.run("get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.metadata.managedFields[0].manager}").orThrow().stdout();
        assertThat(managed).isEqualTo("kubectl");
        assertThat(kubectl.run("get", "cm", "-n", "shop", "-l", "app in (web)", "-o", "name").orThrow().stdout().trim())
                .isEqualTo("configmap/settings");

        Kubectl.Result conflict = kubectl.runWithInput(APP.replace("replicas: 2", "replicas: 3"), "apply", "--server-side", "--validate=false",
                "--field-manager=someone-else", "-f", "-");
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.stderr()).contains("conflict with \"kubectl\"").contains(".spec.replicas");

        assertThat(kubectl.run("wait", "--for=jsonpath={.data.mode}=fast", "--timeout=20s", "configmap/settings", "-n", "shop")
                .orThrow().stdout()).contains("condition met");
        assertThat(kubectl.run("delete", "configmap", "settings", "-n", "shop").orThrow().stdout()).contains("deleted");
        assertThat(kubectl.run("get", "configmap", "settings", "-n", "shop").stderr()).contains("NotFound");
    }

    @Test
    @Timeout(60)
    void getWatchStreamsChanges() throws Exception {
        kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"w\",\"namespace\":\"default\"}}",
                "apply", "--server-side", "--validate=false", "-f", "-").orThrow();
        long watchesBefore = kube.requests().count("watch");
        Process watch = kubectl.start("get", "configmap", "w", "-n", "default", "-w", "--output-watch-events", "-o", "json");
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process was destroyed
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(lines.poll(20, java.util.concurrent.TimeUnit.SECONDS)).as("the current state first").contains("\"type\":\"ADDED\"").contains("\"name\":\"w\"");
            // kubectl prints the GET before it opens the watch: delete only once the watch is subscribed
            await().atMost(Duration.ofSeconds(20)).until(() -> kube.requests().count("watch") > watchesBefore);
            kubectl.run("delete", "configmap", "w", "-n", "default").orThrow();
            String line;
            do {
                line = lines.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            } while (line != null && !line.contains("\"type\":\"DELETED\""));
            assertThat(line).as("a DELETED event within 20 s").contains("\"type\":\"DELETED\"").contains("\"name\":\"w\"");
        } finally {
            watch.destroyForcibly();
        }
    }
}
