package io.jenkins.plugins.gitops.health.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.ArgoRolloutsCrds;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** A wait on an app with an Argo Rollout: a failed canary analysis fails the wait with the metric as its cause. */
class RolloutWaitTest {

    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures)).crdEstablishDelay(Duration.ZERO).start();
        client = kube.client();
        for (ObjectNode crd : ArgoRolloutsCrds.crds()) {
            kube.apply(crd, "test");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> kube.api().types().byKind("argoproj.io/v1alpha1", "AnalysisTemplate").isPresent()
                && kube.api().types().byKind("argoproj.io/v1alpha1", "AnalysisRun").isPresent());
        kube.apply(obj("""
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: success-rate, namespace: default}
                spec: {metrics: [{name: success-rate, failureLimit: 0, successCondition: "result[0] >= 0.95", provider: {prometheus: {query: up}}}]}
                """).json(), "gitops");
    }

    @AfterEach
    void stop() {
        client.close();
        kube.close();
    }

    static KubeObject obj(String yaml) {
        return KubeObject.of(new ObjectMapper().valueToTree(new Yaml().load(yaml)));
    }

    static KubeObject rollout(String image) {
        return rollout(image, "[{setWeight: 50}, {analysis: {templates: [{templateName: success-rate}]}}]");
    }

    static KubeObject rollout(String image, String steps) {
        return obj("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: scorer, namespace: default, labels: {gitops.jenkins.io/app: ml}}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: scorer}}
                  template:
                    metadata: {labels: {app: scorer}}
                    spec: {containers: [{name: model, image: "%s"}]}
                  strategy:
                    canary:
                      steps: %s
                """.formatted(image, steps));
    }

    private WaitResult waitFor(KubeObject ro, WaitOptions options) throws InterruptedException {
        return new HealthWaiter(new ClusterKubeAccess(io.jenkins.plugins.gitops.kube.Cluster.over(client, io.jenkins.plugins.gitops.kube.RetryPolicy.defaults())))
                .await(WaitState.of("ml", WaitState.APP_LABEL + "=ml", List.of(ro), Duration.ofSeconds(20), Clock.systemUTC()), options);
    }

    @Test
    void failedAnalysisFailsTheWaitWithTheMetricAsRootCause() throws Exception {
        kube.apply(rollout("registry.local/scorer:1").json(), "gitops");
        assertThat(waitFor(rollout("registry.local/scorer:1"), WaitOptions.defaults()).healthy()).isTrue();
        failures.analysis("success-rate", Failures.AnalysisOutcome.FAILED, "[0.62]");

        kube.apply(rollout("registry.local/scorer:2").json(), "gitops");
        WaitResult result = waitFor(rollout("registry.local/scorer:2"), WaitOptions.defaults().withFailFast(true));

        assertThat(result.outcome()).as(result.toJson()).isEqualTo(WaitResult.Outcome.DEGRADED);
        WaitResult.ObjectHealth ro = result.unhealthy().get(0);
        assertThat(ro.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(ro.message()).startsWith("RolloutAborted: Rollout aborted update to revision 2");
        assertThat(ro.causes()).first().asString()
                .matches("AnalysisRun default/scorer-[a-z0-9]+-2-1 Failed: metric success-rate Failed \\(failed 1 > failureLimit 0\\): last measurement \\[0\\.62]");
    }

    @Test
    void untilPausedReturnsAtEachPauseStepWithStepAndWeightThenAtTheEnd() throws Exception {
        String steps = "[{setWeight: 25}, {pause: {}}, {setWeight: 50}, {pause: {}}]";
        kube.apply(rollout("registry.local/scorer:1", steps).json(), "gitops");
        WaitOptions untilPaused = WaitOptions.defaults().withUntilPaused(true);
        WaitResult first = waitFor(rollout("registry.local/scorer:1", steps), untilPaused);
        assertThat(first.healthy()).as("a first rollout has no steps: it finishes").isTrue();
        assertThat(first.objects().get(0).message()).isEmpty();

        kube.apply(rollout("registry.local/scorer:2", steps).json(), "gitops");
        WaitResult paused = waitFor(rollout("registry.local/scorer:2", steps), untilPaused);
        assertThat(paused.healthy()).as(paused.toJson()).isTrue();
        assertThat(paused.objects().get(0).message()).isEqualTo("paused at step 1/4, canary weight 25: CanaryPauseStep");

        io.jenkins.plugins.gitops.kube.Cluster cluster = io.jenkins.plugins.gitops.kube.Cluster.of(kube.config());
        try (cluster) {
            io.jenkins.plugins.gitops.rollout.RolloutActions actions = new io.jenkins.plugins.gitops.rollout.RolloutActions(cluster);
            actions.perform("ml", "default", "scorer", io.jenkins.plugins.gitops.rollout.RolloutAction.PROMOTE, false);
            // right after the promote the old pause must not count: the wait ends at the next one
            WaitResult second = waitFor(rollout("registry.local/scorer:2", steps), untilPaused);
            assertThat(second.objects().get(0).message()).isEqualTo("paused at step 3/4, canary weight 50: CanaryPauseStep");

            actions.perform("ml", "default", "scorer", io.jenkins.plugins.gitops.rollout.RolloutAction.ABORT, false);
            WaitResult aborted = waitFor(rollout("registry.local/scorer:2", steps), untilPaused);
            assertThat(aborted.outcome()).isEqualTo(WaitResult.Outcome.DEGRADED);
            assertThat(aborted.objects().get(0).message()).contains("Rollout aborted");
        }
    }

    @Test
    void withoutUntilPausedAPausedRolloutHoldsTheWait() throws Exception {
        String steps = "[{setWeight: 25}, {pause: {}}]";
        kube.apply(rollout("registry.local/scorer:1", steps).json(), "gitops");
        assertThat(waitFor(rollout("registry.local/scorer:1", steps), WaitOptions.defaults()).healthy()).isTrue();
        kube.apply(rollout("registry.local/scorer:2", steps).json(), "gitops");
        assertThat(waitFor(rollout("registry.local/scorer:2", steps), WaitOptions.defaults().withUntilPaused(true)).healthy()).isTrue();

        WaitResult held = new HealthWaiter(new ClusterKubeAccess(io.jenkins.plugins.gitops.kube.Cluster.over(client, io.jenkins.plugins.gitops.kube.RetryPolicy.defaults()))).await(WaitState.of("ml", WaitState.APP_LABEL + "=ml",
                List.of(rollout("registry.local/scorer:2", steps)), Duration.ofMillis(500), Clock.systemUTC()), WaitOptions.defaults());
        assertThat(held.outcome()).isEqualTo(WaitResult.Outcome.TIMED_OUT);
        assertThat(held.objects().get(0).status()).isEqualTo(HealthStatus.SUSPENDED);
    }

    @Test
    void aCanaryThatCannotPullItsImageIsDegradedAtTheProgressDeadlineWithThePodsAsCause() throws Exception {
        String steps = "[{setWeight: 50}, {pause: {}}]";
        ObjectNode v1json = rollout("registry.local/scorer:1", steps).json();
        ((ObjectNode) v1json.get("spec")).put("progressDeadlineSeconds", 1);
        KubeObject v1 = KubeObject.of(v1json);
        kube.apply(v1json, "gitops");
        assertThat(waitFor(v1, WaitOptions.defaults()).healthy()).isTrue();
        failures.image("registry.local/scorer:2", Failures.PodFailure.IMAGE_PULL_BACK_OFF);
        ObjectNode v2json = rollout("registry.local/scorer:2", steps).json();
        ((ObjectNode) v2json.get("spec")).put("progressDeadlineSeconds", 1);
        KubeObject v2 = KubeObject.of(v2json);
        kube.apply(v2json, "gitops");

        WaitResult result = waitFor(v2, WaitOptions.defaults().withUntilPaused(true));

        assertThat(result.outcome()).as(result.toJson()).isEqualTo(WaitResult.Outcome.DEGRADED);
        WaitResult.ObjectHealth ro = result.objects().get(0);
        assertThat(ro.message()).startsWith("ProgressDeadlineExceeded: ReplicaSet \"scorer-").endsWith("\" has timed out progressing.");
        assertThat(ro.causes()).anySatisfy(c -> assertThat(c).contains("cannot pull image \"registry.local/scorer:2\" (ImagePullBackOff)"));
    }
}
