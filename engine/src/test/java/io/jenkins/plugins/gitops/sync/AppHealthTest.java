package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An app named alone is waited for with every object of its inventory, of every kind: the one list the CLI and the plugin use. */
class AppHealthTest {

    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private Cluster cluster;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures)).start();
        cluster = Cluster.of(kube.config());
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    static final String APP = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: inferenceservices.serving.example.com}
            spec:
              group: serving.example.com
              scope: Namespaced
              names: {kind: InferenceService, plural: inferenceservices, singular: inferenceservice, listKind: InferenceServiceList}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            ---
            apiVersion: serving.example.com/v1
            kind: InferenceService
            metadata: {name: model}
            spec: {model: s3://models/m1}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec: {rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {k: v}
            """;

    @Test
    void theInventoryGivesEveryKindAndTheWaitSeesTheCustomResourceThatIsNotReady() throws Exception {
        failures.resource("InferenceService/model", "ReconciliationFailed");
        SyncResult sync = new SyncEngine(cluster).sync(Manifests.of("r1", APP),
                SyncOptions.builder("shop").namespace("default").initiator("t").timeout(Duration.ofSeconds(30)).build());
        assertThat(sync.succeeded()).as(sync.table()).isTrue();

        List<KubeObject> tracked = SyncedObjects.ofApp(cluster, "shop", "gitops-system", "", new HealthAssessor());

        assertThat(tracked).extracting(o -> o.kind() + "/" + o.namespace() + "/" + o.name()).containsExactlyInAnyOrder(
                "CustomResourceDefinition//inferenceservices.serving.example.com", "InferenceService/default/model", "Ingress/default/web",
                "ConfigMap/default/settings");
        WaitResult r = new HealthWaiter(new ClusterKubeAccess(cluster)).await(
                WaitState.of("shop", WaitState.APP_LABEL + "=shop", tracked, Duration.ofSeconds(3), Clock.systemUTC()), WaitOptions.defaults());
        assertThat(r.healthy()).isFalse();
        assertThat(r.objects()).extracting(o -> o.key() + " " + o.status()).contains(
                "InferenceService.serving.example.com/default/model " + HealthStatus.DEGRADED,
                "Ingress.networking.k8s.io/default/web " + HealthStatus.PROGRESSING);
        assertThat(r.objects()).noneMatch(o -> o.status() == HealthStatus.MISSING);
    }

    @Test
    void withoutAnInventoryTheSelectorIsListedInEveryKindWithAHealth() {
        kube.apply(io.jenkins.plugins.gitops.render.ManifestParser.parse("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: default, labels: {gitops.jenkins.io/app: loose}}
                spec: {rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}
                """, "t.yaml").get(0).object().json(), "kubectl");
        kube.apply(io.jenkins.plugins.gitops.render.ManifestParser.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: default, labels: {gitops.jenkins.io/app: loose}}
                """, "t.yaml").get(0).object().json(), "kubectl");

        assertThat(SyncedObjects.ofApp(cluster, "loose", "gitops-system", "", new HealthAssessor()))
                .as("ConfigMaps have no health: not listed").extracting(KubeObject::name).containsExactly("web");
        assertThatThrownBy(() -> SyncedObjects.ofApp(cluster, "loose", "gitops-system", "team=none", new HealthAssessor()))
                .hasMessageContaining("app loose: nothing to wait for: no object of any kind with a health matches 'team=none'");
    }

    @Test
    void discoveryListsEveryListableKindOnce() {
        List<ApiResource> all = cluster.resolver().listable();
        assertThat(all).extracting(r -> r.apiVersion() + " " + r.kind()).contains("v1 Pod", "apps/v1 Deployment", "networking.k8s.io/v1 Ingress")
                .doesNotHaveDuplicates();
        assertThat(all).noneMatch(r -> r.plural().contains("/"));
    }
}
