package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A StatefulSet canary by partition: only ordinals at or above it update; lowering it promotes. */
class StatefulSetPartitionTest {

    private static final String STS = "/apis/apps/v1/namespaces/default/statefulsets/features";
    private KubeEmulator kube;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).start();
        http = new Http(kube);
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static String sts(String image, int partition) {
        return """
                {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: features},
                 spec: {replicas: 3, serviceName: features, selector: {matchLabels: {app: features}},
                        updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: %d}},
                        template: {metadata: {labels: {app: features}}, spec: {containers: [{name: store, image: "%s"}]}}}}"""
                .formatted(partition, image);
    }

    private JsonNode awaitSts(Predicate<JsonNode> condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> condition.test(http.get(STS).body()));
        return http.get(STS).body();
    }

    private String image(int ordinal) {
        return http.get("/api/v1/namespaces/default/pods/features-" + ordinal).body().at("/spec/containers/0/image").asText();
    }

    @Test
    void partitionHoldsLowerOrdinalsAtTheCurrentRevisionUntilLowered() {
        http.apply(STS, "gitops", sts("feast:1", 2));
        JsonNode v1 = awaitSts(s -> s.at("/status/readyReplicas").asInt() == 3);
        String first = v1.at("/status/currentRevision").asText();
        assertThat(v1.at("/status/updateRevision").asText()).isEqualTo(first);

        http.apply(STS, "gitops", sts("feast:2", 2));
        JsonNode canary = awaitSts(s -> s.at("/status/observedGeneration").asLong() == 2 && s.at("/status/updatedReplicas").asInt() == 1
                && s.at("/status/readyReplicas").asInt() == 3);
        assertThat(canary.at("/status/currentRevision").asText()).isEqualTo(first);
        assertThat(canary.at("/status/updateRevision").asText()).isNotEqualTo(first);
        assertThat(canary.at("/status/currentReplicas").asInt()).isEqualTo(2);
        assertThat(image(2)).isEqualTo("feast:2");
        assertThat(image(0)).isEqualTo("feast:1");
        assertThat(image(1)).isEqualTo("feast:1");

        // a Pod below the partition that dies comes back at the current revision
        http.delete("/api/v1/namespaces/default/pods/features-0", null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/namespaces/default/pods/features-0").code() == 200
                && "feast:1".equals(image(0)));

        // promote: partition 0
        http.apply(STS, "gitops", sts("feast:2", 0));
        JsonNode done = awaitSts(s -> s.at("/status/observedGeneration").asLong() == 3 && s.at("/status/updatedReplicas").asInt() == 3
                && s.at("/status/readyReplicas").asInt() == 3);
        assertThat(done.at("/status/currentRevision").asText()).isEqualTo(done.at("/status/updateRevision").asText());
        assertThat(done.at("/status/currentReplicas").asInt()).isEqualTo(3);
        assertThat(image(0)).isEqualTo("feast:2");
    }
}
