package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An empty desired set never prunes an app unless allowEmpty (Argo CD's syncPolicy.automated.allowEmpty);
 * Prune=confirm and Delete=confirm objects are pruned only by a sync told to confirm.
 */
class EmptySetAndConfirmTest {

    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(500)));
        engine = new SyncEngine(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    private static SyncOptions.Builder opts() {
        return SyncOptions.builder("shop").namespace("default").initiator("test").timeout(Duration.ofSeconds(30));
    }

    private static String cm(String name, String syncOptions) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: default\n"
                + (syncOptions.isEmpty() ? "" : "  annotations: {argocd.argoproj.io/sync-options: \"" + syncOptions + "\"}\n") + "data: {k: v}\n";
    }

    private boolean exists(String name) {
        return cluster.client().configMaps().inNamespace("default").withName(name).get() != null;
    }

    @Test
    void aCommentOnlySetWithPruneIsRefusedBeforeAnythingIsWritten() {
        assertThat(engine.sync(Manifests.of("v1", cm("a", "") + "---\n" + cm("b", "")), opts().build()).succeeded()).isTrue();
        RenderedSet empty = Manifests.of("v2", "# everything moved to another repository\n");
        long writes = cluster.calls().writes();

        for (boolean dryRun : new boolean[] {true, false}) {
            assertThatThrownBy(() -> engine.sync(empty, opts().prune(true).dryRun(dryRun).build()))
                    .isInstanceOf(SyncException.class)
                    .hasMessageStartingWith("app shop: refused: the desired set is empty (0 objects) and pruning would delete all 2 objects of the app (2 ConfigMap)")
                    .hasMessageContaining("nothing was written")
                    .hasMessageContaining("allowEmpty (--allow-empty)")
                    .satisfies(e -> assertThat(((GitopsException) e).badInput()).isTrue());
        }
        assertThatThrownBy(() -> engine.diff(empty, opts().prune(true).build())).hasMessageContaining("the desired set is empty");
        assertThatThrownBy(() -> engine.sync(empty, opts().build())).hasMessageContaining("would all be left as extra");
        assertThat(cluster.calls().writes()).isEqualTo(writes);
        assertThat(exists("a") && exists("b")).isTrue();
        assertThat(engine.history(opts().build())).hasSize(1);

        SyncResult allowed = engine.sync(empty, opts().prune(true).allowEmpty(true).build());
        assertThat(allowed.succeeded()).isTrue();
        assertThat(allowed.count(Action.PRUNED)).isEqualTo(2);
        assertThat(exists("a") || exists("b")).isFalse();
    }

    @Test
    void aSetOfSkipHooksOnlyOrASelectionOfNothingIsEmptyToo() {
        engine.sync(Manifests.of("v1", cm("a", "")), opts().build());
        String skipped = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n  annotations: {argocd.argoproj.io/hook: Skip}\n";
        assertThatThrownBy(() -> engine.sync(Manifests.of("v2", skipped), opts().prune(true).build()))
                .hasMessageContaining("the desired set is empty (1 object(s), none of them ordinary objects");
        assertThatThrownBy(() -> engine.sync(Manifests.of("v2", cm("a", "")), opts().only(Set.of("ConfigMap/nope")).build()))
                .hasMessageContaining("the selection ConfigMap/nope matches none of the 1 objects");
        assertThat(exists("a")).isTrue();
    }

    @Test
    void pruneConfirmAndDeleteConfirmWaitForConfirmation() {
        engine.sync(Manifests.of("v1", cm("keep", "Prune=confirm") + "---\n" + cm("data", "Delete=confirm") + "---\n" + cm("old", "")
                + "---\n" + cm("web", "")), opts().build());
        RenderedSet v2 = Manifests.of("v2", cm("web", ""));

        SyncResult plan = engine.sync(v2, opts().prune(true).dryRun(true).build());
        assertThat(plan.count(Action.WAITING)).isEqualTo(2);
        assertThat(plan.message()).startsWith("would be waiting for pruning confirmation of ConfigMap/default/data and 1 more");

        SyncResult held = engine.sync(v2, opts().prune(true).build());
        assertThat(held.succeeded()).isFalse();
        assertThat(held.status()).isEqualTo("Waiting");
        assertThat(held.message()).startsWith("waiting for pruning confirmation of ConfigMap/default/data and 1 more (Prune=confirm or Delete=confirm):"
                + " everything else was synced; sync with confirmPrune (--confirm-prune) to prune them");
        assertThat(held.objects()).filteredOn(o -> o.action() == Action.WAITING).extracting(o -> o.key().name() + ": " + o.reason())
                .containsExactlyInAnyOrder("keep: waiting for confirmation (Prune=confirm): pruned only with confirmPrune (--confirm-prune)",
                        "data: waiting for confirmation (Delete=confirm): pruned only with confirmPrune (--confirm-prune)");
        assertThat(held.count(Action.PRUNED)).as("old, which asks for nothing").isEqualTo(1);
        assertThat(held.toMap(false).get("waiting")).isEqualTo(2L);
        assertThat(held.toMap(false).get("status")).isEqualTo("Waiting");
        assertThat(held.table()).contains("waiting    Sync").contains("2 waiting for confirmation").startsWith("ACTION");
        assertThat(exists("keep") && exists("data")).isTrue();
        assertThat(exists("old")).isFalse();
        assertThat(engine.history(opts().build()).get(0).id()).isPositive();

        SyncResult confirmed = engine.sync(v2, opts().prune(true).confirmPrune(true).build());
        assertThat(confirmed.succeeded()).as(confirmed.message()).isTrue();
        assertThat(confirmed.objects()).filteredOn(o -> o.action() == Action.PRUNED).extracting(o -> o.key())
                .containsExactlyInAnyOrder(new ResourceKey("", "ConfigMap", "default", "keep"), new ResourceKey("", "ConfigMap", "default", "data"));
        assertThat(exists("keep") || exists("data")).isFalse();
    }

    /** The case: a dry run of an empty set against a synced Kubeflow planned 683 prunes (74 CRDs). */
    @Test
    void anEmptySetAgainstKubeflowIsRefused() throws Exception {
        RenderedSet example = KubeflowBundle.set(KubeflowBundle.EXAMPLE, "example-v1");
        SyncOptions kf = SyncOptions.builder("kubeflow").initiator("test").timeout(Duration.ofMinutes(3)).build();
        assertThat(engine.sync(example, kf).succeeded()).isTrue();
        long crds = example.objects().stream().filter(o -> o.object().kind().equals("CustomResourceDefinition")).count();
        RenderedSet empty = Manifests.of("v2", "# comment only\n");
        assertThatThrownBy(() -> engine.sync(empty, kf.toBuilder().prune(true).dryRun(true).build()))
                .hasMessageStartingWith("app kubeflow: refused: the desired set is empty (0 objects) and pruning would delete all "
                        + example.size() + " objects of the app (")
                .hasMessageContaining(crds + " CustomResourceDefinition");
        assertThatThrownBy(() -> engine.sync(empty, kf.toBuilder().prune(true).build())).hasMessageContaining("refused");
        assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems()).hasSize((int) crds);
    }
}
