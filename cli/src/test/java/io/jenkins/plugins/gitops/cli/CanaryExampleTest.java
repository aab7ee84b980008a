package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.ArgoRolloutsCrds;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/apps/scorer-canary as examples/Jenkinsfile.canary drives it, with the CLI against the
 * emulator's Argo Rollouts controller: render, sync v1, sync a new model image, wait to the first
 * pause, promote, and wait to the next pause after the analysis passed.
 */
class CanaryExampleTest {

    @TempDir
    Path tmp;

    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private Path kubeconfig;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures)).crdEstablishDelay(Duration.ZERO).start();
        ArgoRolloutsCrds.install(kube, Duration.ofSeconds(10));
        kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private int gitops(String... args) {
        out.getBuffer().setLength(0);
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--kubeconfig";
        full[args.length + 1] = kubeconfig.toString();
        return GitopsCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(full);
    }

    private static String kustomize(Path dir) throws Exception {
        Process p = new ProcessBuilder(Kubectl.find().orElseThrow().toString(), "kustomize", dir.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        return text;
    }

    @Test
    void newModelVersionWaitsAtThePauseThenPassesTheAnalysis() throws Exception {
        assumeTrue(Kubectl.find().isPresent(), "skipped: kubectl (for kustomize) is not on PATH");
        Path example = Path.of("..", "examples", "apps", "scorer-canary").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(example), "skipped: examples/apps/scorer-canary is not beside the cli module");
        String v1 = kustomize(example);
        Path m1 = Files.writeString(tmp.resolve("v1.yaml"), v1);
        Path m2 = Files.writeString(tmp.resolve("v2.yaml"), v1.replace("registry.example.com/ml/scorer:1.4.0", "registry.example.com/ml/scorer:1.5.0"));

        assertThat(gitops("sync", "--app", "scorer", "--manifests", m1.toString())).as(out + "\n" + err).isZero();
        assertThat(gitops("wait", "--app", "scorer", "--until", "paused", "--timeout", "60s")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Rollout.argoproj.io/ml-canary/scorer: fully promoted");

        assertThat(gitops("sync", "--app", "scorer", "--manifests", m2.toString())).as(out + "\n" + err).isZero();
        assertThat(gitops("wait", "--app", "scorer", "--until", "paused", "--timeout", "60s")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Rollout.argoproj.io/ml-canary/scorer: paused at step 1/5, canary weight 20: CanaryPauseStep");
        assertThat(gitops("rollout", "status", "scorer", "--app", "scorer", "-n", "ml-canary")).isZero();
        assertThat(out.toString()).contains("Step:     1/5", "Weight:   set 20, actual 20", "model=registry.example.com/ml/scorer:1.4.0",
                "model=registry.example.com/ml/scorer:1.5.0");

        assertThat(gitops("rollout", "promote", "scorer", "--app", "scorer", "-n", "ml-canary")).as(err.toString()).isZero();
        // the analysis (success-rate, latency-p99: Successful unless a test decides otherwise), then 50% for ten minutes
        assertThat(gitops("wait", "--app", "scorer", "--until", "paused", "--timeout", "60s")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("paused at step 4/5, canary weight 50: CanaryPauseStep");
    }

    @Test
    void aFailingAnalysisFailsTheWaitWithTheMetric() throws Exception {
        assumeTrue(Kubectl.find().isPresent(), "skipped: kubectl (for kustomize) is not on PATH");
        Path example = Path.of("..", "examples", "apps", "scorer-canary").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(example), "skipped: examples/apps/scorer-canary is not beside the cli module");
        String v1 = kustomize(example);
        Path m1 = Files.writeString(tmp.resolve("v1.yaml"), v1);
        Path m2 = Files.writeString(tmp.resolve("v2.yaml"), v1.replace("registry.example.com/ml/scorer:1.4.0", "registry.example.com/ml/scorer:1.5.0"));
        assertThat(gitops("sync", "--app", "scorer", "--manifests", m1.toString())).isZero();
        assertThat(gitops("wait", "--app", "scorer", "--timeout", "60s")).as(out + "\n" + err).isZero();
        failures.analysis("latency-p99", Failures.AnalysisOutcome.FAILED, "[0.41]");
        assertThat(gitops("sync", "--app", "scorer", "--manifests", m2.toString())).isZero();
        assertThat(gitops("wait", "--app", "scorer", "--until", "paused", "--timeout", "60s")).isZero();
        assertThat(gitops("rollout", "promote", "scorer", "--app", "scorer", "-n", "ml-canary")).isZero();

        assertThat(gitops("wait", "--app", "scorer", "--until", "paused", "--timeout", "60s")).isEqualTo(1);
        assertThat(out.toString()).contains("Rollout.argoproj.io/ml-canary/scorer: Degraded: RolloutAborted")
                .contains("metric latency-p99 Failed (failed 1 > failureLimit 0): last measurement [0.41]");
    }

    @Test
    void blueGreenExampleWaitsWithThePreviewThenPromotes() throws Exception {
        assumeTrue(Kubectl.find().isPresent(), "skipped: kubectl (for kustomize) is not on PATH");
        Path example = Path.of("..", "examples", "apps", "scorer-bluegreen").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(example), "skipped: examples/apps/scorer-bluegreen is not beside the cli module");
        String v1 = kustomize(example);
        Path m1 = Files.writeString(tmp.resolve("v1.yaml"), v1);
        Path m2 = Files.writeString(tmp.resolve("v2.yaml"), v1.replace("registry.example.com/ml/scorer:1.4.0", "registry.example.com/ml/scorer:1.5.0"));
        assertThat(gitops("sync", "--app", "scorer", "--manifests", m1.toString())).isZero();
        assertThat(gitops("wait", "--app", "scorer", "--timeout", "60s")).as(out + "\n" + err).isZero();
        assertThat(gitops("sync", "--app", "scorer", "--manifests", m2.toString())).isZero();
        assertThat(gitops("wait", "--app", "scorer", "--until", "paused", "--timeout", "60s")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Rollout.argoproj.io/ml-bluegreen/scorer: paused before promotion (preview ");
        assertThat(gitops("rollout", "promote", "scorer", "--app", "scorer", "-n", "ml-bluegreen")).as(err.toString()).isZero();
        assertThat(gitops("wait", "--app", "scorer", "--timeout", "60s")).as(out + "\n" + err).isZero();
        assertThat(gitops("rollout", "status", "scorer", "--app", "scorer", "-n", "ml-bluegreen", "--output", "json")).isZero();
        assertThat(out.toString()).contains("\"fullyPromoted\":true").contains("scorer:1.5.0");
    }
}
