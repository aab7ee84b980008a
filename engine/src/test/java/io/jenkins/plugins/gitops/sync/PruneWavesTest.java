package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prunes run as Argo CD runs them: mirrored waves, before that wave's applies; PruneLast after the last Sync wave. */
class PruneWavesTest {

    private static Plan.PruneTask prune(String name, int wave) {
        return new Plan.PruneTask(new ResourceKey("", "ConfigMap", "default", name), "v1", wave, false, false, "");
    }

    @Test
    void pruneWavesAreMirroredSoWhatWasCreatedLastGoesFirst() {
        List<Plan.PruneTask> prunes = List.of(prune("a", -1), prune("b", 0), prune("c", 2), prune("d", 2));

        Map<Integer, List<Plan.PruneTask>> at = Execution.pruneWaves(prunes, false, 5);

        assertThat(at.keySet()).containsExactly(-1, 0, 2);
        assertThat(at.get(-1)).extracting(p -> p.key().name()).containsExactly("c", "d");
        assertThat(at.get(0)).extracting(p -> p.key().name()).containsExactly("b");
        assertThat(at.get(2)).extracting(p -> p.key().name()).containsExactly("a");
        assertThat(Execution.pruneWaves(prunes, true, 5)).containsOnlyKeys(6);
        assertThat(Execution.pruneWaves(List.of(), false, 0)).isEmpty();
    }

    private static String cm(String name, int wave) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: default, annotations: {argocd.argoproj.io/sync-wave: \""
                + wave + "\"}}\ndata: {k: v}\n---\n";
    }

    private static List<String> events(Cluster cluster, String yaml, boolean pruneLast) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        SyncListener record = new SyncListener() {
            @Override
            public void applied(ObjectResult r) {
                if (r.action() != Action.UNCHANGED) {
                    events.add("apply " + r.key().name());
                }
            }

            @Override
            public void pruned(ObjectResult r) {
                events.add("prune " + r.key().name());
            }
        };
        SyncResult r = new SyncEngine(cluster).sync(Manifests.of("v", yaml), SyncOptions.builder("waves").initiator("t").prune(true)
                .pruneLast(pruneLast).timeout(Duration.ofSeconds(30)).listener(record).build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        return events;
    }

    @Test
    void aSyncPrunesEachWaveBeforeItsAppliesAndPruneLastWaitsForTheLastWave() {
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            events(cluster, cm("a", 0) + cm("b", 1) + cm("c", 2), false);

            // a (wave 0) and c (wave 2) go; d arrives in wave 0. Mirrored: c is pruned in wave 0, before d; a in wave 2, last.
            assertThat(events(cluster, cm("b", 1) + cm("d", 0), false)).containsExactly("prune c", "apply d", "prune a");

            events(cluster, cm("b", 1) + cm("d", 0) + cm("e", 1), false);
            // PruneLast: d and e (waves 0 and 1) go only after the last Sync wave's applies, the higher wave first
            assertThat(events(cluster, cm("b", 1) + cm("f", 0) + cm("g", 1), true)).containsExactly("apply f", "apply g", "prune e", "prune d");
        }
    }
}
