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

/** A StatefulSet canary by partition: one ordinal updated, health Progressing until promoted, promote lowers the partition. */
class PartitionCanaryTest {

    private KubeEmulator kube;
    private Cluster cluster;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).start();
        cluster = Cluster.of(kube.config());
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    private static ObjectNode sts(String image, int partition) {
        return new ObjectMapper().valueToTree(new Yaml().load("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: features, namespace: default, labels: {gitops.jenkins.io/app: ml}}
                spec:
                  replicas: 3
                  serviceName: features
                  selector: {matchLabels: {app: features}}
                  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: %d}}
                  template:
                    metadata: {labels: {app: features}}
                    spec: {containers: [{name: store, image: "%s"}]}
                """.formatted(partition, image)));
    }

    private JsonNode live() {
        ResourceType t = kube.api().types().byKind("apps/v1", "StatefulSet").orElseThrow();
        return kube.api().find(t, "default", "features");
    }

    private JsonNode awaitLive(Predicate<JsonNode> c) {
        await().atMost(Duration.ofSeconds(15)).until(() -> c.test(live()));
        return live();
    }

    @Test
    void promoteLowersThePartitionAndTheHealthFollowsTheRevisions() {
        kube.apply(sts("feast:1", 2), "gitops");
        awaitLive(s -> s.at("/status/readyReplicas").asInt() == 3);
        kube.apply(sts("feast:2", 2), "gitops");
        JsonNode canary = awaitLive(s -> s.at("/status/observedGeneration").asLong() == 2 && s.at("/status/updatedReplicas").asInt() == 1
                && s.at("/status/readyReplicas").asInt() == 3);
        assertThat(new HealthAssessor().assess(KubeObject.of(canary)).orElseThrow().message()).contains("partitioned roll out complete: 1 new pods");
        PartitionCanary partitions = new PartitionCanary(cluster, "gitops-test");
        PartitionCanary.Status s = partitions.status("ml", "default", "features");
        assertThat(s.partition()).isEqualTo(2);
        assertThat(s.updated()).isEqualTo(1);
        assertThat(s.currentRevision()).isNotEqualTo(s.updateRevision());

        PartitionCanary.Result r = partitions.promote("ml", "default", "features", 0);
        assertThat(r.patches()).containsExactly(new RolloutPatch("", "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}"));
        JsonNode done = awaitLive(x -> x.at("/status/observedGeneration").asLong() == 3 && x.at("/status/updatedReplicas").asInt() == 3
                && x.at("/status/readyReplicas").asInt() == 3 && x.at("/status/currentRevision").equals(x.at("/status/updateRevision")));
        assertThat(new HealthAssessor().assess(KubeObject.of(done)).orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);

        long writes = kube.requests().writes();
        assertThatThrownBy(() -> partitions.promote("ml", "default", "features", 0)).isInstanceOf(RolloutRefusal.class)
                .hasMessageContaining("already has partition 0");
        assertThatThrownBy(() -> partitions.promote("ml", "default", "features", 7)).isInstanceOf(RolloutRefusal.class)
                .hasMessageContaining("between 0 and 3");
        assertThatThrownBy(() -> partitions.promote("billing", "default", "features", 1)).isInstanceOf(RolloutRefusal.class)
                .hasMessageContaining("is not app billing's");
        assertThat(kube.requests().writes()).isEqualTo(writes);
    }
}
