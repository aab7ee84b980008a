package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one decision of what a wait tracks and how its watches are scoped, which {@code gitops wait},
 * {@code gitops run}, {@code gitops apps --wait} and {@code gitopsWaitHealthy} all call.
 */
class WaitTargetsTest {

    private static final String MANIFESTS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}}
            """;

    private static final String HOOK = """
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate, annotations: {argocd.argoproj.io/hook: PreSync}}
            spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: busybox}]}}}
            """;

    private KubeEmulator kube;
    private Cluster cluster;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
        cluster = Cluster.of(kube.config());
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    @Test
    void theSelectorIsTheCallersOrTheAppsLabel() {
        assertThat(WaitTargets.selector("shop", null)).isEqualTo("gitops.jenkins.io/app=shop");
        assertThat(WaitTargets.selector("shop", "  ")).isEqualTo("gitops.jenkins.io/app=shop");
        assertThat(WaitTargets.selector("shop", " team=ml ")).isEqualTo("team=ml");
        assertThat(Tracking.APP_LABEL).isEqualTo(WaitState.APP_LABEL);
    }

    @Test
    void anAppNamedAloneIsWaitedForWithItsInventoryThroughItsLabel() {
        SyncResult sync = new SyncEngine(cluster).sync(Manifests.of("r1", MANIFESTS.replace("namespace: shop", "namespace: default")),
                SyncOptions.builder("shop").namespace("default").initiator("t").timeout(Duration.ofSeconds(30)).build());
        assertThat(sync.succeeded()).as(sync.table()).isTrue();

        WaitTargets t = WaitTargets.ofApp(cluster, "shop", Defaults.INVENTORY_NAMESPACE, "", new HealthAssessor());

        assertThat(t.labelSelector()).isEqualTo("gitops.jenkins.io/app=shop");
        assertThat(t.ids()).as("the inventory, every kind").containsExactlyInAnyOrder("v1|ConfigMap|default|settings",
                "apps/v1|Deployment|default|web");
        WaitState state = t.state(Duration.ofSeconds(30), Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
        assertThat(state.labelSelector()).isEqualTo(t.labelSelector());
        assertThat(state.objects()).isEqualTo(t.ids());
        assertThat(state.deadlineEpochMillis()).isEqualTo(31_000);
        assertThat(WaitTargets.ofApp(cluster, "shop", "", null, new HealthAssessor()).ids()).as("blank: the inventory namespace a sync uses")
                .isEqualTo(t.ids());
        assertThatThrownBy(() -> WaitTargets.ofApp(cluster, "other", Defaults.INVENTORY_NAMESPACE, "", new HealthAssessor()))
                .hasMessageContaining("app other: nothing to wait for: no inventory ConfigMap/gitops-system/");
    }

    @Test
    void manifestsAreWatchedByNameUnlessEveryObjectCarriesTheLabelOrASelectorIsGiven() {
        var set = Manifests.of("", MANIFESTS + HOOK);

        WaitTargets unlabelled = WaitTargets.ofManifests("shop", null, set, cluster.resolver(), "default");
        assertThat(unlabelled.labelSelector()).as("a selector would match none of them").isEmpty();
        assertThat(unlabelled.objects()).as("hooks are not waited for; namespaces as the server scopes the kinds").extracting(o -> o.kind() + "/" + o.namespace() + "/" + o.name())
                .containsExactly("ConfigMap/default/settings", "Deployment/shop/web");

        assertThat(WaitTargets.ofManifests("shop", "team=ml", set, cluster.resolver(), "default").labelSelector()).isEqualTo("team=ml");

        var labelled = Manifests.of("", (MANIFESTS + HOOK).replace("metadata: {name: settings}", "metadata: {name: settings, labels: {gitops.jenkins.io/app: shop}}")
                .replace("metadata: {name: web, namespace: shop}", "metadata: {name: web, namespace: shop, labels: {gitops.jenkins.io/app: shop}}"));
        WaitTargets byLabel = WaitTargets.ofManifests("shop", "", labelled, cluster.resolver(), "default");
        assertThat(byLabel.labelSelector()).isEqualTo("gitops.jenkins.io/app=shop");
        assertThat(byLabel.objects()).extracting(KubeObject::name).containsExactly("settings", "web");
    }

    @Test
    void afterASyncWhatItLeftLiveThroughTheAppsLabel() {
        var set = Manifests.of("r1", MANIFESTS.replace("namespace: shop", "namespace: default"));
        SyncResult sync = new SyncEngine(cluster).sync(set,
                SyncOptions.builder("shop").namespace("default").initiator("t").timeout(Duration.ofSeconds(30)).build());

        WaitTargets t = WaitTargets.ofSync("shop", sync, set, cluster.resolver(), "default");

        assertThat(t.labelSelector()).isEqualTo("gitops.jenkins.io/app=shop");
        assertThat(t.ids()).containsExactly("v1|ConfigMap|default|settings", "apps/v1|Deployment|default|web");
    }
}
