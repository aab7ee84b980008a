package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watches over WebSocket (fabric8, informers) and chunked HTTP (kubectl), filtered and resumable. */
class WatchTest {

    private KubeEmulator kube;
    private KubernetesClient client;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
        client = kube.client();
        http = new Http(kube);
    }

    @AfterEach
    void stop() {
        client.close();
        kube.close();
    }

    private static ConfigMap cm(String name, String app) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").addToLabels("app", app).endMetadata()
                .addToData("k", "v").build();
    }

    @Test
    void fabric8WatchSeesAddModifyDelete() {
        List<String> events = new CopyOnWriteArrayList<>();
        try (var w = client.configMaps().inNamespace("default").withLabel("app", "web").watch(new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.resource(cm("a", "web")).create();
            client.resource(cm("b", "db")).create();
            client.configMaps().inNamespace("default").withName("a").edit(c -> {
                c.getData().put("k", "changed");
                return c;
            });
            // a label change that leaves the selector is a DELETED for this watch
            client.configMaps().inNamespace("default").withName("a").edit(c -> {
                c.getMetadata().getLabels().put("app", "other");
                return c;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
            assertThat(events).containsExactly("ADDED a", "MODIFIED a", "DELETED a");
        }
    }

    @Test
    void informerListsThenWatches() {
        client.resource(cm("before", "x")).create();
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
                seen.add("add " + obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                seen.add("update " + newObj.getMetadata().getName());
            }

            @Override
            public void onDelete(ConfigMap obj, boolean unknown) {
                seen.add("delete " + obj.getMetadata().getName());
            }
        });
        try {
            await().atMost(Duration.ofSeconds(5)).until(informer::hasSynced);
            client.resource(cm("after", "x")).create();
            client.configMaps().inNamespace("default").withName("before").delete();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("delete before"));
            assertThat(seen).containsSubsequence("add before", "add after", "delete before");
        } finally {
            informer.close();
        }
    }

    @Test
    void httpWatchStreamsChunkedEventsAndResumesFromAVersion() throws Exception {
        http.apply("/api/v1/namespaces/default/configmaps/one", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: one}}");
        String rv = http.get("/api/v1/namespaces/default/configmaps").body().at("/metadata/resourceVersion").asText();
        http.apply("/api/v1/namespaces/default/configmaps/two", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: two}}");

        HttpRequest req = HttpRequest.newBuilder(URI.create(kube.url() + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + rv
                + "&timeoutSeconds=5")).build();
        HttpResponse<InputStream> resp = http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            JsonNode first = new ObjectMapper().readTree(in.readLine());
            assertThat(first.path("type").asText()).isEqualTo("ADDED");
            assertThat(first.at("/object/metadata/name").asText()).as("only what happened after rv " + rv).isEqualTo("two");
            http.delete("/api/v1/namespaces/default/configmaps/one", null);
            JsonNode second = new ObjectMapper().readTree(in.readLine());
            assertThat(second.path("type").asText()).isEqualTo("DELETED");
            assertThat(second.at("/object/metadata/name").asText()).isEqualTo("one");
        }
    }

    @Test
    void watchOfOneObjectByName() throws Exception {
        http.apply("/api/v1/namespaces/default/configmaps/mine", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: mine}}");
        http.apply("/api/v1/namespaces/default/configmaps/theirs", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: theirs}}");
        HttpRequest req = HttpRequest.newBuilder(URI.create(kube.url()
                + "/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=metadata.name%3Dmine&timeoutSeconds=5")).build();
        HttpResponse<InputStream> resp = http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            assertThat(new ObjectMapper().readTree(in.readLine()).at("/object/metadata/name").asText()).isEqualTo("mine");
            http.patch("/api/v1/namespaces/default/configmaps/theirs", Http.MERGE, Http.yaml("{data: {a: b}}"));
            http.patch("/api/v1/namespaces/default/configmaps/mine", Http.MERGE, Http.yaml("{data: {a: b}}"));
            JsonNode next = new ObjectMapper().readTree(in.readLine());
            assertThat(next.path("type").asText()).isEqualTo("MODIFIED");
            assertThat(next.at("/object/metadata/name").asText()).isEqualTo("mine");
        }
    }

    /**
     * A client that hangs up as soon as its watch is accepted: the emulator used to throw "WebSocket
     * is closed" from the worker that set the watch up (a stack trace on stderr) and keep the watch
     * subscribed for ever.
     */
    @Test
    void aWatchClosedAsSoonAsItOpensLeavesNothingBehind() throws Exception {
        int before = kube.subscribers();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            URI uri = URI.create(kube.url().replaceFirst("^http", "ws") + "/api/v1/namespaces/default/configmaps?watch=true");
            for (int i = 0; i < 40; i++) {
                java.net.http.WebSocket ws = http.newWebSocketBuilder().buildAsync(uri, new java.net.http.WebSocket.Listener() { }).join();
                ws.abort();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kube.subscribers()).isEqualTo(before));
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
