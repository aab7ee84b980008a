package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An aborted build stops a sync that is waiting for a hook, promptly, and nothing after the hook is applied. */
class HookAbortTest {

    private static final String APP = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
              namespace: default
              annotations: {argocd.argoproj.io/hook: PreSync}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: m, image: "busybox:1.36"}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: after-the-hook, namespace: default}
            data: {k: v}
            """;

    @Test
    void anInterruptWhileAHookRunsEndsTheSyncWithinASecond() throws Exception {
        // no controller simulators: the hook's Job never finishes
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread sync = new Thread(() -> {
                try {
                    new SyncEngine(cluster).sync(Manifests.of("r1", APP), SyncOptions.builder("hooked").initiator("t")
                            .timeout(Duration.ofMinutes(5)).build());
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "sync");
            sync.start();
            try (var client = kube.client()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> client.batch().v1().jobs().inNamespace("default").withName("migrate").get() != null);
            }

            long t0 = System.nanoTime();
            sync.interrupt();
            sync.join(5000);

            assertThat(sync.isAlive()).isFalse();
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms from abort to the sync's end").isLessThan(1000);
            assertThat(failure.get()).hasMessageContaining("Job.batch/default/migrate").hasMessageContaining("interrupted");
            try (var client = kube.client()) {
                assertThat(client.configMaps().inNamespace("default").withName("after-the-hook").get()).isNull();
            }
        }
    }
}
