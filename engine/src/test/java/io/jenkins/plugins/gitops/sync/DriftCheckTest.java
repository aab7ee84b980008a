package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.testkit.kube.Json;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A drift check of 50 apps of 20 objects each reads the cluster with one LIST per kind and
 * namespace scope, never a request per object or per app; and it finds what a single diff of each
 * app finds.
 */
class DriftCheckTest {

    static final int APPS = 50;

    /** 20 objects: its Namespace, 15 ConfigMaps, 2 Secrets, 2 ServiceAccounts. */
    static String app(int i) {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata: {name: team" + i + "}\n");
        for (int c = 0; c < 15; c++) {
            b.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm").append(c).append(", namespace: team").append(i)
                    .append("}\ndata: {k: v").append(c).append("}\n");
        }
        for (int s = 0; s < 2; s++) {
            b.append("---\napiVersion: v1\nkind: Secret\nmetadata: {name: s").append(s).append(", namespace: team").append(i)
                    .append("}\nstringData: {password: pw").append(s).append("}\n");
            b.append("---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa").append(s).append(", namespace: team").append(i).append("}\n");
        }
        return b.toString();
    }

    @Test
    void fiftyAppsCostOneListPerKindAndNamespaceScopeAndNoRequestPerObject() {
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncEngine engine = new SyncEngine(cluster);
            SyncOptions shared = SyncOptions.builder("drift").initiator("test").build();
            List<String> apps = new ArrayList<>();
            for (int i = 0; i < APPS; i++) {
                String name = "app" + i;
                apps.add(name);
                RenderedSet set = RenderedSet.of(ManifestParser.parse(app(i), name + ".yaml"), "c1", "file", "");
                assertThat(set.size()).isEqualTo(20);
                assertThat(engine.sync(set, shared.withApp(name)).succeeded()).isTrue();
            }

            kube.requests().reset();
            List<DriftCheck.AppDrift> quiet = new DriftCheck(cluster).check(apps, shared);
            assertThat(quiet).extracting(DriftCheck.AppDrift::app).containsExactlyElementsOf(apps);
            assertThat(quiet).allSatisfy(d -> assertThat(d.result().orElseThrow().inSync()).as(d.app() + d.error()).isTrue());
            // ConfigMaps of gitops-system (inventories, manifests), Namespaces, then ConfigMap, Secret, ServiceAccount across
            // namespaces; the 750 ConfigMaps come in two pages of 500 (one LIST, continued)
            assertThat(kube.requests().count("list")).as(kube.requests().snapshot().toString()).isEqualTo(5 + 1);
            assertThat(kube.requests().count("get")).as("no GET per object, app or namespace").isZero();
            assertThat(kube.requests().writes()).isZero();

            kube.apply(Json.readObject("""
                    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm3","namespace":"team7"},"data":{"k":"edited"}}"""), "kubectl-edit");
            kube.client().secrets().inNamespace("team9").withName("s1").delete();
            kube.requests().reset();
            List<DriftCheck.AppDrift> drifted = new DriftCheck(cluster).check(apps, shared);

            assertThat(drifted).filteredOn(DriftCheck.AppDrift::drifted).extracting(DriftCheck.AppDrift::app).containsExactly("app7", "app9");
            assertThat(kube.requests().count("list")).isEqualTo(5 + 1);
            assertThat(kube.requests().count("get")).isZero();
            assertThat(kube.requests().count("apply")).as("one dry run: the edited ConfigMap's").isEqualTo(1);
            for (int i : IntStream.of(7, 9).toArray()) {
                SyncResult one = engine.diffLastApplied(shared.withApp("app" + i)).orElseThrow();
                assertThat(actions(drifted.get(i).result().orElseThrow())).isEqualTo(actions(one));
            }
            assertThat(actions(drifted.get(7).result().orElseThrow())).containsEntry("ConfigMap/team7/cm3", Action.CONFIGURED);
            assertThat(actions(drifted.get(9).result().orElseThrow())).containsEntry("Secret/team9/s1", Action.CREATED);
        }
    }

    @Test
    void anAppWithoutHistoryHasNoResultAndTheOthersAreStillCompared() {
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncOptions shared = SyncOptions.builder("drift").initiator("test").build();
            new SyncEngine(cluster).sync(RenderedSet.of(ManifestParser.parse(app(1), "a.yaml"), "c1", "file", ""), shared.withApp("app1"));
            List<DriftCheck.AppDrift> out = new DriftCheck(cluster).check(List.of("never", "app1"), shared);
            assertThat(out.get(0).result()).isEmpty();
            assertThat(out.get(0).error()).isEmpty();
            assertThat(out.get(1).result().orElseThrow().inSync()).isTrue();
        }
    }

    private static Map<String, Action> actions(SyncResult r) {
        Map<String, Action> m = new java.util.TreeMap<>();
        r.objects().forEach(o -> m.put(o.key().toString(), o.action()));
        return m;
    }
}
