package io.jenkins.plugins.gitops.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keep-alive watch: list first, then events; resumed when the server ends it; every request counted. */
class ObjectWatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiResource CONFIG_MAPS = new ApiResource("", "v1", "ConfigMap", "configmaps", true);

    private KubeEmulator kube;
    private Cluster cluster;
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ObjectWatch.Handler handler = new ObjectWatch.Handler() {
        @Override
        public void upserted(ObjectNode o) {
            String name = o.path("metadata").path("name").asText();
            present.add(name);
            events.add("upserted " + o.path("kind").asText() + " " + name + " " + o.path("data").path("v").asText());
        }

        @Override
        public void deleted(String namespace, String name) {
            present.remove(name);
            events.add("deleted " + namespace + "/" + name);
        }
    };

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
        cluster = Cluster.of(kube.config());
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    private void configMap(String name, String value) {
        ObjectNode cm = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name).put("namespace", "default");
        cm.putObject("data").put("v", value);
        kube.apply(cm, "test");
    }

    @Test
    void deliversTheListBeforeReturningThenEveryChange() {
        configMap("a", "1");
        try (ObjectWatch w = cluster.watch(CONFIG_MAPS, "default", null, null, handler)) {
            assertThat(events).containsExactly("upserted ConfigMap a 1"); // list items carry kind and apiVersion too
            configMap("a", "2");
            configMap("b", "1");
            cluster.delete(CONFIG_MAPS, "default", "a", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 4);
        }
        assertThat(events).containsExactly("upserted ConfigMap a 1", "upserted ConfigMap a 2", "upserted ConfigMap b 1", "deleted default/a");
        assertThat(cluster.calls().count("list")).isEqualTo(1);
        assertThat(cluster.calls().count("watch")).isEqualTo(1);
    }

    @Test
    void resumesFromTheLastVersionWhenTheServerEndsTheWatch() {
        configMap("a", "1");
        try (ObjectWatch w = ObjectWatch.start(cluster.transport(), CONFIG_MAPS, "default", null, null, handler, 1)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.calls().count("watch") >= 2); // the server ended the first after 1 s
            configMap("b", "1");
            await().atMost(Duration.ofSeconds(10)).until(() -> present.contains("b"));
        }
        assertThat(events).containsExactly("upserted ConfigMap a 1", "upserted ConfigMap b 1");
        assertThat(cluster.calls().count("list")).as("resumed from its version, not listed again").isEqualTo(1);
        assertThat(cluster.calls().count("retry")).as("a watch the server ends on time is no failure").isZero();
    }
}
