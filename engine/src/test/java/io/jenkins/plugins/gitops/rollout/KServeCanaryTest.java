package io.jenkins.plugins.gitops.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The KServe canary: the simulator splits traffic as KServe does; the actions move, promote and roll back the split. */
class KServeCanaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private Cluster cluster;
    private KServeCanary canary;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.withKServe(failures)).crdEstablishDelay(Duration.ZERO).start();
        kube.apply(yaml("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: inferenceservices.serving.kserve.io}
                spec:
                  group: serving.kserve.io
                  scope: Namespaced
                  names: {plural: inferenceservices, singular: inferenceservice, kind: InferenceService, shortNames: [isvc]}
                  versions:
                  - {name: v1beta1, served: true, storage: true, subresources: {status: {}}, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
                """), "test");
        await().atMost(Duration.ofSeconds(5)).until(() -> kube.api().types().byKind("serving.kserve.io/v1beta1", "InferenceService").isPresent());
        cluster = Cluster.of(kube.config());
        canary = new KServeCanary(cluster, "gitops-test");
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    static ObjectNode yaml(String text) {
        return JSON.valueToTree(new Yaml().load(text));
    }

    private static ObjectNode isvc(String model, Integer percent) {
        return yaml("""
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata: {name: fraud, namespace: default, labels: {gitops.jenkins.io/app: ml}}
                spec:
                  predictor:
                    %s
                    model: {modelFormat: {name: sklearn}, storageUri: "s3://models/fraud/%s"}
                """.formatted(percent == null ? "" : "canaryTrafficPercent: " + percent, model));
    }

    private JsonNode live() {
        ResourceType t = kube.api().types().byKind("serving.kserve.io/v1beta1", "InferenceService").orElseThrow();
        return kube.api().find(t, "default", "fraud");
    }

    private JsonNode awaitLive(Predicate<JsonNode> c) {
        await().atMost(Duration.ofSeconds(10)).until(() -> c.test(live()));
        return live();
    }

    private static boolean observed(JsonNode o) {
        return o.at("/status/observedGeneration").asLong() == o.at("/metadata/generation").asLong();
    }

    @Test
    void canarySplitThenPromoteThenRollBackToThePreviousRevision() {
        kube.apply(isvc("1", null), "gitops");
        awaitLive(o -> observed(o) && "fraud-predictor-00001".equals(o.at("/status/components/predictor/latestRolledoutRevision").asText()));

        kube.apply(isvc("2", 10), "gitops");
        JsonNode split = awaitLive(o -> observed(o) && "fraud-predictor-00002".equals(o.at("/status/components/predictor/latestReadyRevision").asText()));
        assertThat(split.at("/status/components/predictor/latestRolledoutRevision").asText()).isEqualTo("fraud-predictor-00001");
        assertThat(split.at("/status/components/predictor/traffic/0/percent").asInt()).isEqualTo(10);
        assertThat(split.at("/status/components/predictor/traffic/1/revisionName").asText()).isEqualTo("fraud-predictor-00001");
        assertThat(new HealthAssessor().assess(KubeObject.of(split)).orElseThrow().message())
                .contains("canary: 10% to fraud-predictor-00002 (latest), 90% to fraud-predictor-00001 (rolled out)");

        KServeCanary.Result moved = canary.setTraffic("ml", "default", "fraud", 50);
        assertThat(moved.patches()).containsExactly(new RolloutPatch("", "{\"spec\":{\"predictor\":{\"canaryTrafficPercent\":50}}}"));
        awaitLive(o -> observed(o) && o.at("/status/components/predictor/traffic/0/percent").asInt() == 50);

        KServeCanary.Result promoted = canary.promote("ml", "default", "fraud");
        assertThat(promoted.patches()).containsExactly(new RolloutPatch("", "{\"spec\":{\"predictor\":{\"canaryTrafficPercent\":null}}}"));
        assertThat(live().at("/spec/predictor/canaryTrafficPercent").isMissingNode()).isTrue();
        JsonNode done = awaitLive(o -> observed(o) && "fraud-predictor-00002".equals(o.at("/status/components/predictor/latestRolledoutRevision").asText()));
        assertThat(done.at("/status/components/predictor/previousRolledoutRevision").asText()).isEqualTo("fraud-predictor-00001");
        assertThat(done.at("/status/components/predictor/traffic")).hasSize(1);
        assertThatThrownBy(() -> canary.promote("ml", "default", "fraud")).isInstanceOf(RolloutRefusal.class).hasMessageContaining("already fully promoted");

        KServeCanary.Result back = canary.rollback("ml", "default", "fraud");
        assertThat(back.patches()).containsExactly(new RolloutPatch("", "{\"spec\":{\"predictor\":{\"canaryTrafficPercent\":0}}}"));
        JsonNode rolledBack = awaitLive(o -> observed(o) && o.at("/status/components/predictor/traffic/0/revisionName").asText().equals("fraud-predictor-00001"));
        assertThat(rolledBack.at("/status/components/predictor/traffic/0/percent").asInt()).isEqualTo(100);
        assertThat(canary.status("ml", "default", "fraud").traffic()).containsExactly("100% fraud-predictor-00001");
    }

    @Test
    void aFailingRevisionKeepsTheTrafficAndCannotBePromoted() {
        kube.apply(isvc("1", null), "gitops");
        awaitLive(o -> observed(o) && "fraud-predictor-00001".equals(o.at("/status/components/predictor/latestReadyRevision").asText()));
        failures.resource("InferenceService/fraud", "model fraud/2 failed to load");
        kube.apply(isvc("2", 10), "gitops");
        JsonNode failed = awaitLive(o -> observed(o) && "fraud-predictor-00002".equals(o.at("/status/components/predictor/latestCreatedRevision").asText()));
        assertThat(failed.at("/status/components/predictor/latestReadyRevision").asText()).isEqualTo("fraud-predictor-00001");
        assertThat(new HealthAssessor().assess(KubeObject.of(failed)).orElseThrow().status()).isEqualTo(HealthStatus.DEGRADED);
        long writes = kube.requests().writes();
        assertThatThrownBy(() -> canary.promote("ml", "default", "fraud")).isInstanceOf(RolloutRefusal.class)
                .hasMessageContaining("revision fraud-predictor-00002 is not ready");
        assertThatThrownBy(() -> canary.setTraffic("billing", "default", "fraud", 50)).isInstanceOf(RolloutRefusal.class)
                .hasMessageContaining("is not app billing's");
        assertThatThrownBy(() -> canary.setTraffic("ml", "default", "fraud", 120)).isInstanceOf(RolloutRefusal.class)
                .hasMessageContaining("between 0 and 100");
        assertThatThrownBy(() -> canary.status("ml", "default", "ghost")).isInstanceOf(RolloutRefusal.class)
                .hasMessage("InferenceService default/ghost not found");
        assertThat(kube.requests().writes()).isEqualTo(writes);
    }
}
