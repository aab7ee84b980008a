package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.sim.ArgoRolloutsCrds;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** {@code gitops rollout}: status and actions against the emulator's Argo Rollouts controller, with the CLI's exit codes. */
class RolloutCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private KubeEmulator kube;
    private Path kubeconfig;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).crdEstablishDelay(Duration.ZERO).start();
        ArgoRolloutsCrds.install(kube, Duration.ofSeconds(10));
        kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static ObjectNode rollout(String image) {
        return JSON.valueToTree(new Yaml().load("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata:
                  name: scorer
                  namespace: default
                  labels: {gitops.jenkins.io/app: ml}
                  annotations: {gitops.jenkins.io/tracking-id: "ml:argoproj.io/Rollout:default/scorer"}
                spec:
                  replicas: 4
                  selector: {matchLabels: {app: scorer}}
                  template:
                    metadata: {labels: {app: scorer}}
                    spec: {containers: [{name: model, image: "%s"}]}
                  strategy: {canary: {steps: [{setWeight: 25}, {pause: {}}, {setWeight: 75}]}}
                """.formatted(image)));
    }

    private JsonNode live() {
        ResourceType t = kube.api().types().byKind("argoproj.io/v1alpha1", "Rollout").orElseThrow();
        return kube.api().find(t, "default", "scorer");
    }

    private JsonNode awaitLive(Predicate<JsonNode> c) {
        await().atMost(Duration.ofSeconds(15)).until(() -> c.test(live()));
        return live();
    }

    private int run(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "rollout";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--kubeconfig";
        full[args.length + 2] = kubeconfig.toString();
        return GitopsCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(full);
    }

    private void pausedCanary() {
        kube.apply(rollout("registry.local/scorer:1"), "gitops");
        awaitLive(ro -> "Healthy".equals(ro.at("/status/phase").asText()) && ro.at("/status/availableReplicas").asInt() == 4);
        kube.apply(rollout("registry.local/scorer:2"), "gitops");
        awaitLive(ro -> "Paused".equals(ro.at("/status/phase").asText()) && ro.at("/status/availableReplicas").asInt() == 4);
    }

    @Test
    void statusPrintsPhaseStepWeightAndImages() throws Exception {
        pausedCanary();
        assertThat(run("status", "scorer", "--app", "ml", "-n", "default")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Rollout default/scorer (Canary)", "Status:   Paused: CanaryPauseStep", "Step:     1/3",
                "Weight:   set 25, actual 25", "model=registry.local/scorer:1", "Canary:   ", "model=registry.local/scorer:2");

        out.getBuffer().setLength(0);
        assertThat(run("status", "scorer", "--app", "ml", "--output", "json")).isZero();
        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.path("phase").asText()).isEqualTo("Paused");
        assertThat(json.path("step").asInt()).isEqualTo(1);
        assertThat(json.path("steps").asInt()).isEqualTo(3);
        assertThat(json.path("setWeight").asInt()).isEqualTo(25);
        assertThat(json.path("stableImages").get(0).asText()).isEqualTo("model=registry.local/scorer:1");
        assertThat(json.path("canaryImages").get(0).asText()).isEqualTo("model=registry.local/scorer:2");
    }

    @Test
    void promoteThenFullPromoteThenRefusedWhenAlreadyPromoted() throws Exception {
        pausedCanary();
        assertThat(run("promote", "scorer", "--app", "ml", "--output", "json")).as(err.toString()).isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.path("patches").get(0).path("patch").asText()).isEqualTo("{\"status\":{\"pauseConditions\":null}}");
        assertThat(r.path("patches").get(0).path("subresource").asText()).isEqualTo("status");
        awaitLive(ro -> "Healthy".equals(ro.at("/status/phase").asText()) && ro.at("/status/stableRS").equals(ro.at("/status/currentPodHash")));

        out.getBuffer().setLength(0);
        assertThat(run("promote", "scorer", "--app", "ml", "--full")).isEqualTo(2);
        assertThat(err.toString()).contains("gitops rollout promote: Rollout default/scorer is already fully promoted");
    }

    @Test
    void abortAndRetryWriteWhatKubectlArgoRolloutsWrites() {
        pausedCanary();
        assertThat(run("abort", "scorer", "--app", "ml")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("rollout 'scorer' aborted");
        assertThat(live().at("/status/abort").asBoolean()).isTrue();
        awaitLive(ro -> "Degraded".equals(ro.at("/status/phase").asText()));
        assertThat(run("retry", "scorer", "--app", "ml")).as(err.toString()).isZero();
        assertThat(live().at("/status/abort").asBoolean()).isFalse();
    }

    @Test
    void badInputExitsTwoAndWritesNothing() {
        pausedCanary();
        long writes = kube.requests().writes();
        assertThat(run("rollback", "scorer", "--app", "ml")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown rollout action 'rollback': use one of status, promote, abort, retry, restart, pause");
        assertThat(run("promote", "ghost", "--app", "ml")).isEqualTo(2);
        assertThat(err.toString()).contains("Rollout default/ghost not found");
        assertThat(run("promote", "scorer", "--app", "billing")).isEqualTo(2);
        assertThat(err.toString()).contains("is not app billing's: it belongs to app ml");
        assertThat(run("status", "scorer", "--app", "ml", "--full")).isEqualTo(2);
        assertThat(run("pause", "scorer")).as("--app is required").isEqualTo(2);
        assertThat(kube.requests().writes()).isEqualTo(writes);
        assertThat(live().at("/status/phase").asText()).isEqualTo("Paused");
    }

    private int runWait(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "wait";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--kubeconfig";
        full[args.length + 2] = kubeconfig.toString();
        return GitopsCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(full);
    }

    @Test
    void waitUntilPausedReturnsAtThePauseThenPromoteAndWaitToTheEnd() {
        kube.apply(rollout("registry.local/scorer:1"), "gitops");
        assertThat(runWait("--app", "ml", "--until", "paused", "--timeout", "30s")).as(out + "\n" + err).isZero();
        kube.apply(rollout("registry.local/scorer:2"), "gitops");
        out.getBuffer().setLength(0);
        assertThat(runWait("--app", "ml", "--until", "paused", "--timeout", "30s")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Rollout.argoproj.io/default/scorer: paused at step 1/3, canary weight 25: CanaryPauseStep");

        assertThat(run("promote", "scorer", "--app", "ml")).isZero();
        out.getBuffer().setLength(0);
        assertThat(runWait("--app", "ml", "--until", "paused", "--timeout", "30s")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Rollout.argoproj.io/default/scorer: fully promoted");
        assertThat(runWait("--app", "ml", "--until", "later")).isEqualTo(2);
        assertThat(err.toString()).contains("--until must be healthy or paused, not 'later'");
    }

    @Test
    void waitUntilPausedFailsWithTheCauseWhenTheRolloutIsAborted() {
        pausedCanary();
        assertThat(run("abort", "scorer", "--app", "ml")).isZero();
        out.getBuffer().setLength(0);
        assertThat(runWait("--app", "ml", "--until", "paused", "--timeout", "30s")).isEqualTo(1);
        assertThat(out.toString()).contains("Rollout.argoproj.io/default/scorer: Degraded").contains("Rollout aborted update to revision 2");
    }

    @Test
    void statefulSetPartitionIsPromotedThroughTheSameCommand() {
        kube.apply(JSON.valueToTree(new Yaml().load("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: features, namespace: default, labels: {gitops.jenkins.io/app: ml}}
                spec:
                  replicas: 2
                  serviceName: features
                  selector: {matchLabels: {app: features}}
                  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}
                  template:
                    metadata: {labels: {app: features}}
                    spec: {containers: [{name: store, image: "feast:1"}]}
                """)), "gitops");
        assertThat(run("status", "statefulset/features", "--app", "ml")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("StatefulSet default/features (partition 1 of 2 replicas)");
        assertThat(run("promote", "statefulset/features", "--app", "ml")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("statefulset 'features' partition 1 -> 0");
        assertThat(run("restart", "statefulset/features", "--app", "ml")).isEqualTo(2);
        assertThat(err.toString()).contains("restart does not apply to a StatefulSet");
        assertThat(run("promote", "scorer", "--app", "ml", "--partition", "1")).isEqualTo(2);
    }
}
