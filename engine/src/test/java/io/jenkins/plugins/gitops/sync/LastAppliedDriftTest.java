package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drift against what the last sync applied: what a poller can check without rendering Git. */
class LastAppliedDriftTest {

    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(500)));
        engine = new SyncEngine(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    private static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            data: {color: blue}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: creds, namespace: shop}
            stringData: {password: hunter2}
            """;

    private SyncOptions opts() {
        return SyncOptions.builder("shop").initiator("test").timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void anAppNeverSyncedHasNoBaseline() {
        assertThat(engine.diffLastApplied(opts())).isEmpty();
    }

    @Test
    void handEditsAndDeletionsShowAsDriftAndNothingIsWritten() {
        assertThat(engine.sync(Manifests.of("rev1", APP), opts()).succeeded()).isTrue();
        SyncResult clean = engine.diffLastApplied(opts()).orElseThrow();
        assertThat(clean.objects()).allMatch(r -> r.action() == Action.UNCHANGED);
        assertThat(clean.revision()).isEqualTo("rev1");

        try (var client = kube.client()) {
            client.configMaps().inNamespace("shop").withName("settings").edit(cm -> {
                cm.setData(Map.of("color", "red"));
                return cm;
            });
            client.secrets().inNamespace("shop").withName("creds").delete();
        }

        SyncResult drift = engine.diffLastApplied(opts()).orElseThrow();

        assertThat(drift.objects()).filteredOn(r -> r.key().name().equals("settings")).singleElement()
                .satisfies(r -> assertThat(r.action()).isEqualTo(Action.CONFIGURED));
        assertThat(drift.objects()).filteredOn(r -> r.key().name().equals("creds")).singleElement()
                .satisfies(r -> assertThat(r.action()).isEqualTo(Action.CREATED));
        assertThat(drift.dryRun()).isTrue();
        try (var client = kube.client()) {
            assertThat(client.configMaps().inNamespace("shop").withName("settings").get().getData()).containsEntry("color", "red");
            assertThat(client.secrets().inNamespace("shop").withName("creds").get()).isNull();
        }
        assertThat(drift.toString() + drift.table()).doesNotContain("hunter2");
    }
}
