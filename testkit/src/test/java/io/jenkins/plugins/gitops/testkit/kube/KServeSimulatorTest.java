package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KServe's canary rollout: revisions, the traffic split, rolled-out and previous revisions, a failing revision. */
class KServeSimulatorTest {

    private static final String PATH = "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/fraud";
    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.withKServe(failures)).crdEstablishDelay(Duration.ZERO).start();
        http = new Http(kube);
        http.apply("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/inferenceservices.serving.kserve.io", "test", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: inferenceservices.serving.kserve.io}
                spec:
                  group: serving.kserve.io
                  scope: Namespaced
                  names: {plural: inferenceservices, singular: inferenceservice, kind: InferenceService}
                  versions:
                  - {name: v1beta1, served: true, storage: true, subresources: {status: {}}, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
                """);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/apis/serving.kserve.io/v1beta1").code() == 200);
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static String isvc(String model, String percent) {
        return "{apiVersion: serving.kserve.io/v1beta1, kind: InferenceService, metadata: {name: fraud}, spec: {predictor: {"
                + (percent == null ? "" : "canaryTrafficPercent: " + percent + ", ") + "model: {storageUri: 's3://m/" + model + "'}}}}";
    }

    private JsonNode awaitIsvc(Predicate<JsonNode> c) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.test(http.get(PATH).body()));
        return http.get(PATH).body().at("/status/components/predictor");
    }

    private static boolean observed(JsonNode o) {
        return o.at("/status/observedGeneration").asLong() == o.at("/metadata/generation").asLong();
    }

    @Test
    void newRevisionGetsTheCanaryShareThenEverythingWhenTheFieldGoes() {
        http.apply(PATH, "gitops", isvc("1", null));
        JsonNode first = awaitIsvc(KServeSimulatorTest::observed);
        assertThat(first.path("latestRolledoutRevision").asText()).isEqualTo("fraud-predictor-00001");

        http.apply(PATH, "gitops", isvc("2", "25"));
        JsonNode canary = awaitIsvc(o -> observed(o) && o.at("/status/components/predictor/latestReadyRevision").asText().endsWith("00002"));
        assertThat(canary.path("latestRolledoutRevision").asText()).as("rolled out means 100% once").isEqualTo("fraud-predictor-00001");
        assertThat(canary.path("traffic").toString()).contains("\"revisionName\":\"fraud-predictor-00002\",\"percent\":25")
                .contains("\"revisionName\":\"fraud-predictor-00001\",\"percent\":75");

        http.apply(PATH, "gitops", isvc("2", null));
        JsonNode promoted = awaitIsvc(o -> observed(o) && o.at("/status/components/predictor/latestRolledoutRevision").asText().endsWith("00002"));
        assertThat(promoted.path("previousRolledoutRevision").asText()).isEqualTo("fraud-predictor-00001");
        assertThat(promoted.path("traffic")).hasSize(1);
    }

    @Test
    void aFailingRevisionLeavesTheTrafficWhereItWas() {
        http.apply(PATH, "gitops", isvc("1", null));
        awaitIsvc(KServeSimulatorTest::observed);
        failures.resource("InferenceService/fraud", "model failed to load");
        http.apply(PATH, "gitops", isvc("2", "25"));
        JsonNode failed = awaitIsvc(o -> observed(o) && o.at("/status/components/predictor/latestCreatedRevision").asText().endsWith("00002"));
        assertThat(failed.path("latestReadyRevision").asText()).isEqualTo("fraud-predictor-00001");
        assertThat(failed.path("traffic").get(0).path("percent").asInt()).isEqualTo(100);
        assertThat(http.get(PATH).body().at("/status/conditions").toString()).contains("RevisionFailed").contains("model failed to load");
    }
}
