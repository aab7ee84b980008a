package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The progress listener: every write as it happens, in order, and what an interrupted sync leaves behind. */
class SyncListenerTest {

    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(500)));
        engine = new SyncEngine(cluster);
    }

    @AfterEach
    void stop() {
        Thread.interrupted(); // never leave the flag to the next test
        cluster.close();
        kube.close();
    }

    /** Three ConfigMaps in waves 0, 1 and 2, and one more in wave 0 when {@code extra}. */
    private static String waves(boolean extra) {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < 3; w++) {
            b.append("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: w%d
                      namespace: default
                      annotations: {gitops.jenkins.io/sync-wave: "%d"}
                    ---
                    """.formatted(w, w));
        }
        if (extra) {
            b.append("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: default}\n");
        }
        return b.toString();
    }

    /** Records every call as one line. */
    static class Recorder implements SyncListener {
        final List<String> calls = new ArrayList<>();
        final List<ResourceKey> planned = new ArrayList<>();

        @Override
        public void started(List<ResourceKey> apply, List<ResourceKey> prune) {
            planned.addAll(apply);
            calls.add("started " + apply.size() + " " + prune);
        }

        @Override
        public void step(Phase phase, int wave, int objects) {
            calls.add("step " + phase.display() + " " + wave + " " + objects);
        }

        @Override
        public void applied(ObjectResult r) {
            calls.add(r.action() + " " + r.key().name());
        }

        @Override
        public void pruned(ObjectResult r) {
            calls.add("prune " + r.action() + " " + r.key().name());
        }
    }

    private SyncOptions.Builder opts(SyncListener l) {
        // one worker: within a wave, the order of the calls is the order of the objects
        return SyncOptions.builder("waves").initiator("test").timeout(Duration.ofSeconds(30)).parallelism(1).listener(l);
    }

    @Test
    void seesEveryWriteInOrderWithThePrunesInTheirWave() {
        Recorder first = new Recorder();
        SyncResult r = engine.sync(Manifests.of("r1", waves(true)), opts(first).build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(first.calls).containsExactly("started 4 []",
                "step Sync 0 2", "created extra", "created w0",
                "step Sync 1 1", "created w1",
                "step Sync 2 1", "created w2");

        Recorder second = new Recorder();
        r = engine.sync(Manifests.of("r2", waves(false)), opts(second).prune(true).build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        // extra was in wave 0, the only wave pruned: it goes before wave 0's applies, as in Argo CD
        assertThat(second.calls).containsExactly("started 3 [ConfigMap/default/extra]",
                "prune pruned extra", "step Sync 0 1", "unchanged w0", "step Sync 1 1", "unchanged w1", "step Sync 2 1", "unchanged w2");

        Recorder third = new Recorder();
        r = engine.sync(Manifests.of("r3", waves(true)), opts(third).build());
        r = engine.sync(Manifests.of("r4", waves(false)), opts(third).prune(true).pruneLast(true).build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(third.calls.get(third.calls.size() - 1)).as("PruneLast: after the last wave").isEqualTo("prune pruned extra");
    }

    @Test
    void dryRunsAndDiffsReportNothing() {
        Recorder l = new Recorder();
        engine.diff(Manifests.of("r1", waves(true)), opts(l).build());
        engine.sync(Manifests.of("r1", waves(true)), opts(l).dryRun(true).build());
        assertThat(l.calls).isEmpty();
    }

    @Test
    void anInterruptStopsBeforeTheNextWaveAndTheListenerKnowsWhatWasApplied() {
        Thread syncThread = Thread.currentThread();
        Recorder l = new Recorder() {
            @Override
            public void applied(ObjectResult r) {
                super.applied(r);
                if (r.key().name().equals("w0")) {
                    syncThread.interrupt(); // the build is aborted while wave 0 is being written
                }
            }
        };
        assertThatThrownBy(() -> engine.sync(Manifests.of("r1", waves(false)), opts(l).build()))
                // a SyncException between waves, a KubeApiException when the wait for wave 0 to be healthy is interrupted
                .isInstanceOf(io.jenkins.plugins.gitops.GitopsException.class).hasRootCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();

        assertThat(l.planned).extracting(ResourceKey::name).containsExactly("w0", "w1", "w2");
        assertThat(l.calls).containsExactly("started 3 []", "step Sync 0 1", "created w0");
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "default", "w0")).isPresent();
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "default", "w1")).isEmpty();
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "default", "w2")).isEmpty();
        List<HistoryEntry> history = engine.history(opts(SyncListener.NONE).build());
        assertThat(history).as("an interrupted sync says it failed and what it wrote").singleElement().satisfies(h -> {
            assertThat(h.result()).startsWith("Failed: ").contains("interrupted");
            assertThat(h.wrote()).isEqualTo("1 written: created ConfigMap/default/w0");
        });
    }
}
