package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A large set is prepared in slices at once, to the same tasks, skipped hooks and errors, in the same order, as in one pass. */
class DesiredTest {

    /** {@code n} objects: ConfigMaps, with a hook no sync runs and a Job hook every 50th, and, when asked, an error every 97th. */
    private static List<KubeObject> objects(int n, boolean withErrors) {
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < n; i++) {
            y.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-").append(i).append('\n');
            if (!(withErrors && i % 97 == 3)) {
                y.append("  namespace: shop\n"); // without it and without a default namespace: an error naming the object
            }
            if (i % 50 == 7) {
                y.append("  annotations: {helm.sh/hook: test}\n");
            } else if (i % 50 == 8) {
                y.append("  annotations: {argocd.argoproj.io/hook: PreSync}\n");
            }
            y.append("data: {i: \"").append(i).append("\"}\n");
        }
        return Manifests.of("rev", y.toString()).kubeObjects();
    }

    @Test
    void slicesPrepareWhatOnePassPrepares() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncOptions opts = SyncOptions.builder("shop").parallelism(4).build();
            List<KubeObject> set = objects(450, false);
            Desired.Prepared one = Desired.prepare(set, opts, cluster);
            Desired.Prepared sliced = Desired.prepare(set, opts, cluster, pool);
            assertThat(set.size()).isGreaterThanOrEqualTo(Desired.SLICED_FROM);
            assertThat(sliced.tasks()).extracting(Task::key, Task::phase, Task::digest)
                    .containsExactlyElementsOf(one.tasks().stream().map(t -> org.assertj.core.groups.Tuple.tuple(t.key(), t.phase(), t.digest())).toList());
            assertThat(sliced.tasks()).hasSize(450 - 9);
            assertThat(sliced.neverRun()).isEqualTo(one.neverRun()).hasSize(9);
            assertThat(sliced.tasks().get(0).object().at("/metadata/labels").path(Tracking.APP_LABEL).asText()).isEqualTo("shop");

            List<KubeObject> bad = objects(450, true);
            String oneError = catchMessage(() -> Desired.prepare(bad, opts, cluster));
            assertThat(oneError.lines()).hasSize(5).allMatch(l -> l.contains("namespaced object without a namespace"));
            assertThat(oneError).startsWith("ConfigMap/cm-3:").contains("ConfigMap/cm-197:").endsWith("(use --namespace)");
            assertThatThrownBy(() -> Desired.prepare(bad, opts, cluster, pool)).isInstanceOf(SyncException.class).hasMessage(oneError);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTasksDigestIsOfTheBytesItsApplySendsAndAsEarlierVersionsRecordedIt() throws Exception {
        KubeObject o = objects(1, false).get(0);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(o.jsonBytes()).isEqualTo(json.writeValueAsBytes(o.tree())).isSameAs(o.jsonBytes());
        // inventories written before the bytes were kept hold digests of the tree serialized apart: they still match
        assertThat(Desired.digest(o)).isEqualTo(Desired.digest(o.json())).hasSize(16);
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (SyncException e) {
            return e.getMessage();
        }
        throw new AssertionError("no SyncException");
    }
}
