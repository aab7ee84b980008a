package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import org.junit.jupiter.api.Test;

/**
 * The inventory namespace is checked (and created) once per engine, not once per store: the apps of a
 * tree share one engine, and each of them used to GET the namespace for its Lease and again for its record.
 */
class InventoryNamespaceTest {

    private static RenderedSet set(String app) {
        return RenderedSet.of(ManifestParser.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-" + app + ", namespace: default}\n"
                + "data: {a: b}\n", "t.yaml"), "c1", "test", "");
    }

    @Test
    void anEngineChecksTheInventoryNamespaceOnceForAllItsApps() {
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncEngine engine = new SyncEngine(cluster);
            SyncOptions opts = SyncOptions.builder("a").initiator("test").build();
            assertThat(engine.sync(set("a"), opts).succeeded()).isTrue();
            assertThat(kube.client().namespaces().withName(opts.inventoryNamespace()).get()).isNotNull();

            kube.requests().reset();
            assertThat(engine.withOwnCallCount().sync(set("b"), opts.withApp("b")).succeeded()).isTrue();
            long sameEngine = kube.requests().count("get");

            kube.requests().reset();
            assertThat(new SyncEngine(cluster).sync(set("c"), opts.withApp("c")).succeeded()).isTrue();
            long newEngine = kube.requests().count("get");

            // the new engine's first sync asks once (the namespace exists, so it is not created again); the shared one never
            assertThat(newEngine).as(kube.requests().snapshot().toString()).isEqualTo(sameEngine + 1);
        }
    }
}
