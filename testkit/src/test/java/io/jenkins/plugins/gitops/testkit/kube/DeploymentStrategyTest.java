package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recreate stops every old Pod before a new one exists; RollingUpdate lets them overlap. Watched in commit order. */
class DeploymentStrategyTest {

    private static final String PATH = "/apis/apps/v1/namespaces/default/deployments/llm";
    private KubeEmulator kube;
    private Http http;
    private final Map<String, String> pods = new ConcurrentHashMap<>();
    private final AtomicBoolean overlapped = new AtomicBoolean();

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).start();
        http = new Http(kube);
        // sees every Pod change in commit order: were Pods of both images ever alive together?
        kube.addController(new Controller() {
            @Override
            protected void onEvent(WatchEvent e) {
                if (!e.resourceType().kind().equals("Pod")) {
                    return;
                }
                String name = e.object().path("metadata").path("name").asText();
                if (e.type().equals("DELETED")) {
                    pods.remove(name);
                } else {
                    pods.put(name, e.object().at("/spec/containers/0/image").asText());
                }
                if (pods.containsValue("vllm:1") && pods.containsValue("vllm:2")) {
                    overlapped.set(true);
                }
            }
        });
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static String deployment(String image, String strategy) {
        return """
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: llm},
                 spec: {replicas: 2, strategy: {type: %s}, selector: {matchLabels: {app: llm}},
                        template: {metadata: {labels: {app: llm}}, spec: {containers: [{name: server, image: "%s"}]}}}}"""
                .formatted(strategy, image);
    }

    private void rollOut(String strategy) {
        http.apply(PATH, "gitops", deployment("vllm:1", strategy));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> http.get(PATH).body().at("/status/availableReplicas").asInt() == 2);
        http.apply(PATH, "gitops", deployment("vllm:2", strategy));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            var d = http.get(PATH).body();
            return d.at("/status/observedGeneration").asLong() == 2 && d.at("/status/updatedReplicas").asInt() == 2
                    && d.at("/status/availableReplicas").asInt() == 2 && d.at("/status/replicas").asInt() == 2;
        });
    }

    @Test
    void recreateNeverRunsOldAndNewTogether() {
        rollOut("Recreate");
        assertThat(overlapped).as("an old and a new Pod were alive at once").isFalse();
        assertThat(pods.values()).containsOnly("vllm:2");
    }

    @Test
    void rollingUpdateOverlaps() {
        rollOut("RollingUpdate");
        assertThat(overlapped).isTrue();
    }
}
