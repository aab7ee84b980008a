package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private static final String CM = "/api/v1/namespaces/default/configmaps";
    private KubeEmulator kube;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().faults(new Faults(7)).start();
        http = new Http(kube);
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        kube.faults().tooManyRequests(1.0, 3);
        Http.Response r = http.get(CM);
        assertThat(r.code()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(r.body().path("reason").asText()).isEqualTo("TooManyRequests");
        assertThat(http.get("/api/v1").code()).as("discovery is spared by default").isEqualTo(200);
    }

    @Test
    void serverErrorsConflictsAndDrops() {
        kube.faults().serverErrors(1.0);
        assertThat(http.get(CM).code()).isEqualTo(500);
        kube.faults().none().conflicts(1.0);
        assertThat(http.get(CM).code()).as("conflicts only hit writes").isEqualTo(200);
        assertThat(http.apply(CM + "/c", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}").code()).isEqualTo(409);
        kube.faults().none().droppedConnections(1.0);
        assertThatThrownBy(() -> http.get(CM)).isInstanceOf(UncheckedIOException.class);
        assertThat(kube.requests().count("fault:drop")).isEqualTo(1);
    }

    @Test
    void aShareOfRequestsFailsAndTheRestSucceed() {
        kube.faults().serverErrors(0.1).tooManyRequests(0.1, 1);
        int failed = 0;
        for (int i = 0; i < 300; i++) {
            failed += http.get(CM).code() == 200 ? 0 : 1;
        }
        assertThat(failed).isBetween(30, 90);
    }

    @Test
    void slowResponses() {
        kube.faults().slow(Duration.ofMillis(200));
        long start = System.nanoTime();
        http.get(CM);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void slowWritesHoldOneResourceOnly() throws Exception {
        kube.faults().slowWrites("configmaps", Duration.ofSeconds(2));
        long start = System.nanoTime();
        var configMap = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> http.apply(CM + "/c", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}").code());
        assertThat(http.apply("/api/v1/namespaces/default/services/s", "t",
                "{apiVersion: v1, kind: Service, metadata: {name: s}, spec: {ports: [{port: 80}]}}").code()).isIn(200, 201);
        assertThat(http.get(CM).code()).as("reads are not held").isEqualTo(200);
        assertThat(configMap).as("the ConfigMap write is still held once the Service is written").isNotDone();
        assertThat(configMap.get()).isIn(200, 201);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
}
