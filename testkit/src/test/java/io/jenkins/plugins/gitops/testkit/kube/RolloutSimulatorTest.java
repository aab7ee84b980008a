package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.sim.ArgoRolloutsCrds;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures.AnalysisOutcome;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Argo Rollouts simulator moves a Rollout through its steps and writes the status the real controller writes. */
class RolloutSimulatorTest {

    private static final String RO = "/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/scorer";
    private static final String RUNS = "/apis/argoproj.io/v1alpha1/namespaces/default/analysisruns";

    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures, Duration.ofSeconds(30))).crdEstablishDelay(Duration.ZERO).start();
        http = new Http(kube);
        for (ObjectNode crd : ArgoRolloutsCrds.crds()) {
            kube.apply(crd, "test");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/apis/argoproj.io/v1alpha1").code() == 200
                && http.get(RUNS).code() == 200 && http.get("/apis/argoproj.io/v1alpha1/namespaces/default/analysistemplates").code() == 200);
        http.apply("/apis/argoproj.io/v1alpha1/namespaces/default/analysistemplates/success-rate", "gitops", """
                {apiVersion: argoproj.io/v1alpha1, kind: AnalysisTemplate, metadata: {name: success-rate},
                 spec: {metrics: [{name: success-rate, failureLimit: 0, successCondition: "result[0] >= 0.95",
                                   provider: {prometheus: {address: "http://prometheus:9090", query: "up"}}}]}}""");
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private JsonNode awaitRollout(Predicate<JsonNode> condition) {
        await().atMost(Duration.ofSeconds(15)).until(() -> condition.test(http.get(RO).body()));
        return http.get(RO).body();
    }

    private static String canary(String image, String steps, String extra) {
        return """
                {apiVersion: argoproj.io/v1alpha1, kind: Rollout, metadata: {name: scorer},
                 spec: {replicas: 4, selector: {matchLabels: {app: scorer}},
                        template: {metadata: {labels: {app: scorer}}, spec: {containers: [{name: model, image: "%s"}]}},
                        strategy: {canary: {%s steps: %s}}}}""".formatted(image, extra, steps);
    }

    private static String blueGreen(String image, boolean autoPromote) {
        return """
                {apiVersion: argoproj.io/v1alpha1, kind: Rollout, metadata: {name: scorer},
                 spec: {replicas: 2, selector: {matchLabels: {app: scorer}},
                        template: {metadata: {labels: {app: scorer}}, spec: {containers: [{name: model, image: "%s"}]}},
                        strategy: {blueGreen: {activeService: scorer-active, previewService: scorer-preview,
                                               autoPromotionEnabled: %s, scaleDownDelaySeconds: 1}}}}""".formatted(image, autoPromote);
    }

    private JsonNode replicaSet(String hash) {
        return http.get("/apis/apps/v1/namespaces/default/replicasets/scorer-" + hash).body();
    }

    private static boolean phase(JsonNode ro, String phase) {
        return phase.equals(ro.at("/status/phase").asText()) && ro.at("/status/observedGeneration").asText().equals(ro.at("/metadata/generation").asText());
    }

    private void statusPatch(String json) {
        assertThat(http.send("PATCH", RO + "/status", "application/merge-patch+json", json).code()).isEqualTo(200);
    }

    @Test
    void firstRolloutIsStableAtOnceThenACanaryWalksItsStepsAndStopsAtAPause() {
        String steps = "[{setWeight: 25}, {pause: {}}, {setWeight: 50}, {analysis: {templates: [{templateName: success-rate}]}}]";
        http.apply(RO, "gitops", canary("registry.local/scorer:1", steps, ""));
        JsonNode v1 = awaitRollout(ro -> phase(ro, "Healthy") && ro.at("/status/availableReplicas").asInt() == 4);
        String stable = v1.at("/status/currentPodHash").asText();
        assertThat(v1.at("/status/stableRS").asText()).isEqualTo(stable);
        assertThat(v1.at("/status/observedGeneration").isTextual()).as("observedGeneration is a string in Rollouts").isTrue();
        assertThat(v1.at("/status/currentStepIndex").asInt()).isEqualTo(4);
        assertThat(v1.at("/status/selector").asText()).isEqualTo("app=scorer");

        http.apply(RO, "gitops", canary("registry.local/scorer:2", steps, ""));
        JsonNode paused = awaitRollout(ro -> phase(ro, "Paused"));
        String canary = paused.at("/status/currentPodHash").asText();
        assertThat(canary).isNotEqualTo(stable);
        assertThat(paused.at("/status/message").asText()).isEqualTo("CanaryPauseStep");
        assertThat(paused.at("/status/currentStepIndex").asInt()).isEqualTo(1);
        assertThat(paused.at("/status/controllerPause").asBoolean()).isTrue();
        assertThat(paused.at("/status/pauseConditions/0/reason").asText()).isEqualTo("CanaryPauseStep");
        assertThat(paused.at("/status/stableRS").asText()).isEqualTo(stable);
        assertThat(replicaSet(canary).at("/spec/replicas").asInt()).as("25% of 4").isEqualTo(1);
        assertThat(replicaSet(stable).at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(replicaSet(canary).at("/metadata/annotations/rollout.argoproj.io~1revision").asText()).isEqualTo("2");

        // promote as kubectl-argo-rollouts does at a pause: clear the pause conditions
        statusPatch("{\"status\":{\"pauseConditions\":null}}");
        JsonNode done = awaitRollout(ro -> phase(ro, "Healthy") && ro.at("/status/stableRS").asText().equals(canary)
                && ro.at("/status/replicas").asInt() == 4);
        assertThat(done.at("/status/currentStepIndex").asInt()).isEqualTo(4);
        assertThat(done.at("/status/canary/currentStepAnalysisRunStatus/status").asText()).isEqualTo("Successful");
        JsonNode run = http.get(RUNS + "/" + done.at("/status/canary/currentStepAnalysisRunStatus/name").asText()).body();
        assertThat(run.at("/status/phase").asText()).isEqualTo("Successful");
        assertThat(run.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Rollout");
        assertThat(run.at("/spec/metrics/0/name").asText()).isEqualTo("success-rate");
        await().atMost(Duration.ofSeconds(10)).until(() -> replicaSet(stable).at("/spec/replicas").asInt() == 0);
    }

    @Test
    void failedAnalysisAbortsTheCanaryAndRetryRunsANewAnalysis() {
        String steps = "[{setWeight: 50}, {analysis: {templates: [{templateName: success-rate}]}}, {setWeight: 100}]";
        http.apply(RO, "gitops", canary("registry.local/scorer:1", steps, ""));
        String stable = awaitRollout(ro -> phase(ro, "Healthy")).at("/status/stableRS").asText();
        failures.analysis("success-rate", AnalysisOutcome.FAILED, "[0.71]");

        http.apply(RO, "gitops", canary("registry.local/scorer:2", steps, ""));
        JsonNode degraded = awaitRollout(ro -> phase(ro, "Degraded"));
        String canary = degraded.at("/status/currentPodHash").asText();
        assertThat(degraded.at("/status/abort").asBoolean()).isTrue();
        assertThat(degraded.at("/status/message").asText())
                .isEqualTo("RolloutAborted: Rollout aborted update to revision 2: Metric \"success-rate\" assessed Failed due to failed (1) > failureLimit (0)");
        assertThat(degraded.at("/status/conditions/0/reason").asText()).isEqualTo("RolloutAborted");
        assertThat(degraded.at("/status/stableRS").asText()).isEqualTo(stable);
        assertThat(degraded.at("/status/currentStepIndex").asInt()).isZero();
        String runName = degraded.at("/status/canary/currentStepAnalysisRunStatus/name").asText();
        JsonNode run = http.get(RUNS + "/" + runName).body();
        assertThat(run.at("/status/phase").asText()).isEqualTo("Failed");
        assertThat(run.at("/status/metricResults/0/measurements/0/value").asText()).isEqualTo("[0.71]");
        await().atMost(Duration.ofSeconds(10)).until(() -> replicaSet(canary).at("/spec/replicas").asInt() == 0
                && replicaSet(stable).at("/spec/replicas").asInt() == 4);

        // retry (status.abort=false) with a good model: a new AnalysisRun, then the canary goes through
        failures.clear();
        statusPatch("{\"status\":{\"abort\":false}}");
        JsonNode healthy = awaitRollout(ro -> phase(ro, "Healthy") && ro.at("/status/stableRS").asText().equals(canary));
        assertThat(healthy.at("/status/canary/currentStepAnalysisRunStatus/name").asText()).isEqualTo(runName + ".1");
    }

    @Test
    void abortThenGoingBackToTheStableTemplateIsHealthy() {
        String steps = "[{setWeight: 25}, {pause: {}}]";
        http.apply(RO, "gitops", canary("registry.local/scorer:1", steps, ""));
        String stable = awaitRollout(ro -> phase(ro, "Healthy")).at("/status/stableRS").asText();
        http.apply(RO, "gitops", canary("registry.local/scorer:2", steps, ""));
        awaitRollout(ro -> phase(ro, "Paused"));

        statusPatch("{\"status\":{\"abort\":true}}");
        JsonNode aborted = awaitRollout(ro -> phase(ro, "Degraded"));
        assertThat(aborted.at("/status/message").asText()).isEqualTo("RolloutAborted: Rollout aborted update to revision 2");
        assertThat(aborted.at("/status/pauseConditions").isMissingNode()).isTrue();

        // the rollback in Git: the template goes back to the stable one
        http.apply(RO, "gitops", canary("registry.local/scorer:1", steps, ""));
        JsonNode back = awaitRollout(ro -> phase(ro, "Healthy") && ro.at("/status/availableReplicas").asInt() == 4);
        assertThat(back.at("/status/currentPodHash").asText()).isEqualTo(stable);
        assertThat(back.at("/status/abort").isMissingNode()).isTrue();
    }

    @Test
    void timedPauseEndsByItselfAndInconclusiveAnalysisPauses() {
        String steps = "[{setWeight: 50}, {pause: {duration: 1s}}, {analysis: {templates: [{templateName: success-rate}]}}]";
        http.apply(RO, "gitops", canary("registry.local/scorer:1", steps, ""));
        awaitRollout(ro -> phase(ro, "Healthy"));
        failures.analysis("success-rate", AnalysisOutcome.INCONCLUSIVE);
        // every status the controller commits, in order: a one-second pause is too short to catch by polling
        java.util.List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        kube.addController(new Controller() {
            @Override
            protected void onEvent(WatchEvent e) {
                if (e.resourceType().kind().equals("Rollout")) {
                    String m = e.object().at("/status/phase").asText() + ":" + e.object().at("/status/message").asText();
                    if (messages.isEmpty() || !messages.get(messages.size() - 1).equals(m)) {
                        messages.add(m);
                    }
                }
            }
        });
        http.apply(RO, "gitops", canary("registry.local/scorer:2", steps, ""));

        JsonNode inconclusive = awaitRollout(ro -> phase(ro, "Paused") && ro.at("/status/currentStepIndex").asInt() == 2
                && "InconclusiveAnalysisRun".equals(ro.at("/status/message").asText()));
        assertThat(inconclusive.at("/status/canary/currentStepAnalysisRunStatus/status").asText()).isEqualTo("Inconclusive");
        assertThat(messages).containsSubsequence("Paused:CanaryPauseStep", "Paused:InconclusiveAnalysisRun");
    }

    @Test
    void runningAnalysisWaitsUntilTheTestDecides() {
        String steps = "[{setWeight: 50}, {analysis: {templates: [{templateName: success-rate}]}}]";
        http.apply(RO, "gitops", canary("registry.local/scorer:1", steps, ""));
        awaitRollout(ro -> phase(ro, "Healthy"));
        failures.analysis("success-rate", AnalysisOutcome.RUNNING);
        http.apply(RO, "gitops", canary("registry.local/scorer:2", steps, ""));
        JsonNode running = awaitRollout(ro -> "Running".equals(ro.at("/status/canary/currentStepAnalysisRunStatus/status").asText()));
        assertThat(running.at("/status/phase").asText()).isEqualTo("Progressing");

        failures.analysis("success-rate", AnalysisOutcome.ERROR, "dial tcp: connection refused");
        JsonNode degraded = awaitRollout(ro -> phase(ro, "Degraded"));
        assertThat(degraded.at("/status/message").asText()).contains("assessed Error");
    }

    @Test
    void trafficRoutedCanaryReportsWeights() {
        String steps = "[{setWeight: 20}, {pause: {}}]";
        String routing = "canaryService: scorer-canary, stableService: scorer-stable, trafficRouting: {nginx: {stableIngress: scorer}},";
        http.apply(RO, "gitops", canary("registry.local/scorer:1", steps, routing));
        awaitRollout(ro -> phase(ro, "Healthy"));
        http.apply(RO, "gitops", canary("registry.local/scorer:2", steps, routing));
        JsonNode paused = awaitRollout(ro -> phase(ro, "Paused"));
        assertThat(paused.at("/status/canary/weights/canary/weight").asInt()).isEqualTo(20);
        assertThat(paused.at("/status/canary/weights/stable/weight").asInt()).isEqualTo(80);
        assertThat(paused.at("/status/canary/weights/canary/podTemplateHash").asText()).isEqualTo(paused.at("/status/currentPodHash").asText());
    }

    @Test
    void userPauseHoldsTheRollout() {
        String steps = "[{setWeight: 50}]";
        http.apply(RO, "gitops", canary("registry.local/scorer:1", steps, ""));
        awaitRollout(ro -> phase(ro, "Healthy"));
        assertThat(http.send("PATCH", RO, "application/merge-patch+json", "{\"spec\":{\"paused\":true}}").code()).isEqualTo(200);
        http.apply(RO, "gitops", canary("registry.local/scorer:2", steps, ""));
        JsonNode paused = awaitRollout(ro -> phase(ro, "Paused"));
        assertThat(paused.at("/status/message").asText()).isEqualTo("manually paused");
    }

    @Test
    void blueGreenSwitchesThePreviewThenTheActiveServiceOnPromotionAndScalesTheOldStackDownLater() {
        for (String svc : new String[] {"scorer-active", "scorer-preview"}) {
            http.apply("/api/v1/namespaces/default/services/" + svc, "gitops",
                    "{apiVersion: v1, kind: Service, metadata: {name: %s}, spec: {selector: {app: scorer}, ports: [{port: 80}]}}".formatted(svc));
        }
        http.apply(RO, "gitops", blueGreen("registry.local/scorer:1", false));
        JsonNode v1 = awaitRollout(ro -> phase(ro, "Healthy") && ro.at("/status/availableReplicas").asInt() == 2);
        String blue = v1.at("/status/currentPodHash").asText();
        assertThat(v1.at("/status/blueGreen/activeSelector").asText()).isEqualTo(blue);
        assertThat(selector("scorer-active")).isEqualTo(blue);

        http.apply(RO, "gitops", blueGreen("registry.local/scorer:2", false));
        JsonNode paused = awaitRollout(ro -> phase(ro, "Paused"));
        String green = paused.at("/status/currentPodHash").asText();
        assertThat(paused.at("/status/message").asText()).isEqualTo("BlueGreenPause");
        assertThat(paused.at("/status/blueGreen/previewSelector").asText()).isEqualTo(green);
        assertThat(paused.at("/status/blueGreen/activeSelector").asText()).isEqualTo(blue);
        assertThat(selector("scorer-preview")).isEqualTo(green);
        assertThat(selector("scorer-active")).isEqualTo(blue);

        statusPatch("{\"status\":{\"pauseConditions\":null}}");
        JsonNode promoted = awaitRollout(ro -> ro.at("/status/blueGreen/activeSelector").asText().equals(green)
                && ro.at("/status/stableRS").asText().equals(green));
        assertThat(selector("scorer-active")).isEqualTo(green);
        assertThat(replicaSet(blue).at("/metadata/annotations/argo-rollouts.argoproj.io~1scale-down-deadline").isTextual())
                .as("the old stack waits scaleDownDelaySeconds").isTrue();
        assertThat(promoted.at("/status/stableRS").asText()).isEqualTo(green);
        await().atMost(Duration.ofSeconds(10)).until(() -> replicaSet(blue).at("/spec/replicas").asInt() == 0);
        awaitRollout(ro -> phase(ro, "Healthy") && ro.at("/status/replicas").asInt() == 2);
    }

    @Test
    void blueGreenAbortPointsThePreviewBackAtTheStableStack() {
        for (String svc : new String[] {"scorer-active", "scorer-preview"}) {
            http.apply("/api/v1/namespaces/default/services/" + svc, "gitops",
                    "{apiVersion: v1, kind: Service, metadata: {name: %s}, spec: {selector: {app: scorer}, ports: [{port: 80}]}}".formatted(svc));
        }
        http.apply(RO, "gitops", blueGreen("registry.local/scorer:1", false));
        String blue = awaitRollout(ro -> phase(ro, "Healthy")).at("/status/currentPodHash").asText();
        http.apply(RO, "gitops", blueGreen("registry.local/scorer:2", false));
        String green = awaitRollout(ro -> phase(ro, "Paused")).at("/status/currentPodHash").asText();
        statusPatch("{\"status\":{\"abort\":true}}");
        JsonNode aborted = awaitRollout(ro -> phase(ro, "Degraded"));
        assertThat(aborted.at("/status/blueGreen/previewSelector").asText()).isEqualTo(blue);
        assertThat(selector("scorer-active")).isEqualTo(blue);
        await().atMost(Duration.ofSeconds(10)).until(() -> replicaSet(green).at("/spec/replicas").asInt() == 0);
    }

    @Test
    void restartAtRecreatesOlderPods() {
        http.apply(RO, "gitops", canary("registry.local/scorer:1", "[{setWeight: 50}]", ""));
        awaitRollout(ro -> phase(ro, "Healthy") && ro.at("/status/availableReplicas").asInt() == 4);
        JsonNode before = http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dscorer").body().path("items");
        String restartAt = java.time.Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        assertThat(http.send("PATCH", RO, "application/merge-patch+json", "{\"spec\":{\"restartAt\":\"" + restartAt + "\"}}").code()).isEqualTo(200);
        JsonNode restarted = awaitRollout(ro -> restartAt.equals(ro.at("/status/restartedAt").asText()));
        assertThat(restarted.at("/status/restartedAt").asText()).isEqualTo(restartAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode after = http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dscorer").body().path("items");
            for (JsonNode p : after) {
                for (JsonNode b : before) {
                    if (p.at("/metadata/name").equals(b.at("/metadata/name"))) {
                        return false;
                    }
                }
            }
            return after.size() == 4;
        });
    }

    private String selector(String service) {
        return http.get("/api/v1/namespaces/default/services/" + service).body().at("/spec/selector/rollouts-pod-template-hash").asText();
    }
}
