package io.jenkins.plugins.gitops.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.sim.ArgoRolloutsCrds;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Each action against the emulator's Argo Rollouts controller: the patches are kubectl-argo-rollouts'
 * (cmd/promote, abort, retry, restart, pause), the live object carries what they write, the
 * controller reacts; refusals write nothing.
 */
class RolloutActionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STEPS = "[{setWeight: 25}, {pause: {}}, {setWeight: 50}, {pause: {}}]";

    private final Failures failures = new Failures();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private KubeEmulator kube;
    private Cluster cluster;
    private RolloutActions actions;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures)).crdEstablishDelay(Duration.ZERO).start();
        for (ObjectNode crd : ArgoRolloutsCrds.crds()) {
            kube.apply(crd, "test");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> kube.api().types().byKind("argoproj.io/v1alpha1", "Rollout").isPresent());
        cluster = Cluster.of(kube.config());
        actions = new RolloutActions(cluster, Clock.fixed(now, ZoneOffset.UTC), "gitops-test");
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    static ObjectNode yaml(String text) {
        return JSON.valueToTree(new Yaml().load(text));
    }

    private static ObjectNode rollout(String app, String image, String strategy) {
        return yaml("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata:
                  name: scorer
                  namespace: default
                  labels: {gitops.jenkins.io/app: %s}
                  annotations: {gitops.jenkins.io/tracking-id: "%s:argoproj.io/Rollout:default/scorer"}
                spec:
                  replicas: 4
                  selector: {matchLabels: {app: scorer}}
                  template:
                    metadata: {labels: {app: scorer}}
                    spec: {containers: [{name: model, image: "%s"}]}
                  strategy: %s
                """.formatted(app, app, image, strategy));
    }

    private static ObjectNode canary(String image) {
        return rollout("ml", image, "{canary: {steps: " + STEPS + "}}");
    }

    private JsonNode live() {
        ResourceType t = kube.api().types().byKind("argoproj.io/v1alpha1", "Rollout").orElseThrow();
        return kube.api().find(t, "default", "scorer");
    }

    private JsonNode awaitLive(Predicate<JsonNode> condition) {
        await().atMost(Duration.ofSeconds(15)).until(() -> condition.test(live()));
        return live();
    }

    private static boolean phase(JsonNode ro, String phase) {
        return phase.equals(ro.at("/status/phase").asText()) && ro.at("/status/observedGeneration").asText().equals(ro.at("/metadata/generation").asText());
    }

    /** A canary at its first pause: v1 stable, v2 at 25%. */
    private void canaryAtFirstPause() {
        kube.apply(canary("registry.local/scorer:1"), "gitops");
        awaitLive(ro -> phase(ro, "Healthy") && ro.at("/status/availableReplicas").asInt() == 4);
        kube.apply(canary("registry.local/scorer:2"), "gitops");
        awaitLive(ro -> phase(ro, "Paused") && ro.at("/status/currentStepIndex").asInt() == 1
                && ro.at("/status/availableReplicas").asInt() == 4);
    }

    @Test
    void statusShowsPhaseStepWeightsAndBothImages() {
        canaryAtFirstPause();
        RolloutStatus s = actions.status("ml", "default", "scorer");
        assertThat(s.phase()).isEqualTo("Paused");
        assertThat(s.message()).isEqualTo("CanaryPauseStep");
        assertThat(s.stepText()).isEqualTo("1/4");
        assertThat(s.setWeight()).isEqualTo(25);
        assertThat(s.actualWeight()).isEqualTo(25);
        assertThat(s.stableImages()).containsExactly("model=registry.local/scorer:1");
        assertThat(s.canaryImages()).containsExactly("model=registry.local/scorer:2");
        assertThat(s.paused()).isTrue();
        assertThat(s.toText()).contains("  Step:     1/4", "  Weight:   set 25, actual 25");
        assertThat(s.toJson().path("canaryImages").get(0).asText()).isEqualTo("model=registry.local/scorer:2");
    }

    @Test
    void promoteAtAPauseClearsThePauseConditionsAsKubectlArgoRolloutsDoes() {
        canaryAtFirstPause();
        long patchesBefore = kube.requests().count("patch");

        RolloutActions.Result r = actions.perform("ml", "default", "scorer", RolloutAction.PROMOTE, false);

        assertThat(r.patches()).containsExactly(new RolloutPatch("status", "{\"status\":{\"pauseConditions\":null}}"));
        assertThat(kube.requests().count("patch") - patchesBefore).isEqualTo(1);
        assertThat(r.message()).isEqualTo("rollout 'scorer' promoted");
        // the controller then moves on to the next pause (50%)
        JsonNode next = awaitLive(ro -> phase(ro, "Paused") && ro.at("/status/currentStepIndex").asInt() == 3);
        assertThat(next.at("/status/pauseConditions/0/reason").asText()).isEqualTo("CanaryPauseStep");
        assertThat(actions.status("ml", "default", "scorer").setWeight()).isEqualTo(50);
    }

    @Test
    void promoteWhenNotPausedSkipsTheCurrentStep() {
        kube.apply(canary("registry.local/scorer:1"), "gitops");
        awaitLive(ro -> phase(ro, "Healthy"));
        failures.image("registry.local/scorer:2", Failures.PodFailure.UNSCHEDULABLE); // the canary never becomes available
        kube.apply(canary("registry.local/scorer:2"), "gitops");
        awaitLive(ro -> phase(ro, "Progressing") && ro.at("/status/currentStepIndex").asInt() == 0);

        RolloutActions.Result r = actions.perform("ml", "default", "scorer", RolloutAction.PROMOTE, false);

        assertThat(r.patches()).containsExactly(new RolloutPatch("status", "{\"status\":{\"pauseConditions\":null, \"currentStepIndex\":1}}"));
        assertThat(awaitLive(ro -> ro.at("/status/currentStepIndex").asInt() >= 1).at("/status/currentStepIndex").asInt()).isEqualTo(1);
    }

    @Test
    void promoteFullSetsPromoteFullAndTheControllerSkipsEveryStep() {
        canaryAtFirstPause();
        String canary = live().at("/status/currentPodHash").asText();

        RolloutActions.Result r = actions.perform("ml", "default", "scorer", RolloutAction.PROMOTE, true);

        assertThat(r.patches()).containsExactly(new RolloutPatch("status", "{\"status\":{\"promoteFull\":true}}"));
        assertThat(r.message()).isEqualTo("rollout 'scorer' fully promoted");
        JsonNode done = awaitLive(ro -> phase(ro, "Healthy") && canary.equals(ro.at("/status/stableRS").asText()));
        assertThat(done.at("/status/promoteFull").isMissingNode()).as("the controller clears it").isTrue();
        assertThat(done.at("/status/currentStepIndex").asInt()).isEqualTo(4);
    }

    @Test
    void alreadyPromotedIsRefusedAndNothingIsWritten() {
        kube.apply(canary("registry.local/scorer:1"), "gitops");
        String rv = awaitLive(ro -> phase(ro, "Healthy") && ro.at("/status/availableReplicas").asInt() == 4).at("/metadata/resourceVersion").asText();
        long writes = kube.requests().writes();

        assertThatThrownBy(() -> actions.perform("ml", "default", "scorer", RolloutAction.PROMOTE, false))
                .isInstanceOf(RolloutRefusal.class).hasMessageContaining("Rollout default/scorer is already fully promoted");
        assertThatThrownBy(() -> actions.perform("ml", "default", "scorer", RolloutAction.PROMOTE, true))
                .isInstanceOf(RolloutRefusal.class).hasMessageContaining("already fully promoted");
        assertThatThrownBy(() -> actions.perform("ml", "default", "scorer", RolloutAction.ABORT, false))
                .isInstanceOf(RolloutRefusal.class).hasMessageContaining("there is no update to abort");
        assertThatThrownBy(() -> actions.perform("ml", "default", "scorer", RolloutAction.RETRY, false))
                .isInstanceOf(RolloutRefusal.class).hasMessageContaining("is not aborted");

        assertThat(kube.requests().writes()).isEqualTo(writes);
        assertThat(live().at("/metadata/resourceVersion").asText()).isEqualTo(rv);
    }

    @Test
    void abortSetsStatusAbortAndRetryClearsIt() {
        canaryAtFirstPause();
        String stable = live().at("/status/stableRS").asText();

        RolloutActions.Result aborted = actions.perform("ml", "default", "scorer", RolloutAction.ABORT, false);
        assertThat(aborted.patches()).containsExactly(new RolloutPatch("status", "{\"status\":{\"abort\":true}}"));
        assertThat(live().at("/status/abort").asBoolean()).isTrue();
        JsonNode degraded = awaitLive(ro -> phase(ro, "Degraded"));
        assertThat(degraded.at("/status/message").asText()).isEqualTo("RolloutAborted: Rollout aborted update to revision 2");
        assertThat(actions.status("ml", "default", "scorer").setWeight()).as("an aborted canary gets no traffic").isZero();
        assertThat(degraded.at("/status/stableRS").asText()).isEqualTo(stable);

        RolloutActions.Result retried = actions.perform("ml", "default", "scorer", RolloutAction.RETRY, false);
        assertThat(retried.patches()).containsExactly(new RolloutPatch("status", "{\"status\":{\"abort\":false}}"));
        assertThat(live().at("/status/abort").asBoolean()).isFalse();
        awaitLive(ro -> phase(ro, "Paused") && ro.at("/status/currentStepIndex").asInt() == 1);
    }

    @Test
    void restartSetsSpecRestartAtToNowAndPauseSetsSpecPaused() {
        kube.apply(canary("registry.local/scorer:1"), "gitops");
        awaitLive(ro -> phase(ro, "Healthy") && ro.at("/status/availableReplicas").asInt() == 4);

        RolloutActions.Result restart = actions.perform("ml", "default", "scorer", RolloutAction.RESTART, false);
        assertThat(restart.patches()).containsExactly(new RolloutPatch("", "{\n\t\"spec\": {\n\t\t\"restartAt\": \"" + now + "\"\n\t}\n}"));
        assertThat(live().at("/spec/restartAt").asText()).isEqualTo(now.toString());
        assertThat(awaitLive(ro -> now.toString().equals(ro.at("/status/restartedAt").asText())).at("/status/restartedAt").asText())
                .isEqualTo(now.toString());

        RolloutActions.Result pause = actions.perform("ml", "default", "scorer", RolloutAction.PAUSE, false);
        assertThat(pause.patches()).containsExactly(new RolloutPatch("", "{\"spec\":{\"paused\":true}}"));
        assertThat(live().at("/spec/paused").asBoolean()).isTrue();
        assertThatThrownBy(() -> actions.perform("ml", "default", "scorer", RolloutAction.PAUSE, false))
                .isInstanceOf(RolloutRefusal.class).hasMessageContaining("already paused");

        // a person's pause is lifted by promote with spec.paused=false (and nothing else: there is no pause condition)
        kube.apply(canary("registry.local/scorer:2"), "gitops");
        awaitLive(ro -> phase(ro, "Paused") && "manually paused".equals(ro.at("/status/message").asText()));
        RolloutActions.Result promote = actions.perform("ml", "default", "scorer", RolloutAction.PROMOTE, false);
        assertThat(promote.patches()).first().isEqualTo(new RolloutPatch("", "{\"spec\":{\"paused\":false}}"));
        assertThat(live().at("/spec/paused").asBoolean()).isFalse();
    }

    @Test
    void blueGreenPromoteSwitchesTheActiveService() {
        for (String svc : List.of("scorer-active", "scorer-preview")) {
            kube.apply(yaml("{apiVersion: v1, kind: Service, metadata: {name: %s, namespace: default}, spec: {selector: {app: scorer}, ports: [{port: 80}]}}"
                    .formatted(svc)), "gitops");
        }
        String bg = "{blueGreen: {activeService: scorer-active, previewService: scorer-preview, autoPromotionEnabled: false, scaleDownDelaySeconds: 0}}";
        kube.apply(rollout("ml", "registry.local/scorer:1", bg), "gitops");
        awaitLive(ro -> phase(ro, "Healthy"));
        kube.apply(rollout("ml", "registry.local/scorer:2", bg), "gitops");
        String green = awaitLive(ro -> phase(ro, "Paused")).at("/status/currentPodHash").asText();
        RolloutStatus paused = actions.status("ml", "default", "scorer");
        assertThat(paused.strategy()).isEqualTo("BlueGreen");
        assertThat(paused.canaryImages()).containsExactly("model=registry.local/scorer:2");

        RolloutActions.Result r = actions.perform("ml", "default", "scorer", RolloutAction.PROMOTE, false);

        assertThat(r.patches()).containsExactly(new RolloutPatch("status", "{\"status\":{\"pauseConditions\":null}}"));
        awaitLive(ro -> green.equals(ro.at("/status/blueGreen/activeSelector").asText()) && phase(ro, "Healthy"));
    }

    @Test
    void refusesAnotherAppsRolloutAMissingOneAndOtherKinds() {
        kube.apply(rollout("billing", "registry.local/scorer:1", "{canary: {steps: " + STEPS + "}}"), "gitops");
        kube.apply(yaml("""
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: api, namespace: default, labels: {gitops.jenkins.io/app: ml}},
                 spec: {replicas: 1, selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}, spec: {containers: [{name: a, image: "api:1"}]}}}}"""),
                "gitops");
        awaitLive(ro -> phase(ro, "Healthy"));
        long writes = kube.requests().writes();

        assertThatThrownBy(() -> actions.perform("ml", "default", "scorer", RolloutAction.ABORT, false))
                .isInstanceOf(RolloutRefusal.class)
                .hasMessage("Rollout default/scorer is not app ml's: it belongs to app billing (tracking annotation); nothing written");
        assertThatThrownBy(() -> actions.perform("ml", "default", "ghost", RolloutAction.PROMOTE, false))
                .isInstanceOf(RolloutRefusal.class).hasMessage("Rollout default/ghost not found");
        assertThatThrownBy(() -> actions.perform("ml", "default", "api", RolloutAction.PROMOTE, false))
                .isInstanceOf(RolloutRefusal.class)
                .hasMessage("Rollout default/api not found: Deployment default/api exists, but it is not an Argo Rollout");
        assertThatThrownBy(() -> actions.perform("ml", "default", "deployment/api", RolloutAction.PROMOTE, false))
                .isInstanceOf(RolloutRefusal.class).hasMessageContaining("deployment/api is not an Argo Rollout");
        assertThatThrownBy(() -> actions.perform("ml", "default", "scorer", RolloutAction.ABORT, true))
                .isInstanceOf(RolloutRefusal.class).hasMessageContaining("--full applies to promote only");
        assertThatThrownBy(() -> RolloutAction.parse("rollback"))
                .isInstanceOf(RolloutRefusal.class).hasMessage("unknown rollout action 'rollback': use one of promote, abort, retry, restart, pause");
        assertThat(kube.requests().writes()).isEqualTo(writes);
    }

    @Test
    void abortIfInFlightAbortsOnlyAnUnfinishedUpdate() {
        kube.apply(canary("registry.local/scorer:1"), "gitops");
        awaitLive(ro -> phase(ro, "Healthy") && ro.at("/status/availableReplicas").asInt() == 4);
        assertThat(actions.abortIfInFlight("ml", "default", "scorer")).as("fully promoted: nothing to abort").isEmpty();
        kube.apply(canary("registry.local/scorer:2"), "gitops");
        awaitLive(ro -> phase(ro, "Paused"));
        assertThat(actions.abortIfInFlight("ml", "default", "scorer")).get().extracting(RolloutActions.Result::patches)
                .isEqualTo(List.of(new RolloutPatch("status", "{\"status\":{\"abort\":true}}")));
        assertThat(live().at("/status/abort").asBoolean()).isTrue();
        assertThat(actions.abortIfInFlight("ml", "default", "scorer")).as("already aborted").isEmpty();
    }
}
