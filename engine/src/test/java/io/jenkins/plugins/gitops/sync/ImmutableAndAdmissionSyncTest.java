package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.testkit.kube.AdmissionRule;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refusals a sync must surface before writing: an immutable field changed (recreated only with
 * Replace/Force) and a validating admission webhook's denial, shown verbatim.
 */
class ImmutableAndAdmissionSyncTest {

    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(new io.jenkins.plugins.gitops.testkit.kube.sim.Failures())).start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(500)));
        engine = new SyncEngine(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            data: {color: blue}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "nginx:1.27"}]}
            """;

    /** The selector (and the labels it must match) moved to app=web2, and the ConfigMap changed too. */
    static final String NEW_SELECTOR = APP.replace("{app: web}", "{app: web2}").replace("color: blue", "color: red");

    private SyncOptions.Builder opts() {
        return SyncOptions.builder("shop").initiator("test").timeout(Duration.ofSeconds(30));
    }

    private JsonNode live(String path) {
        try (var client = kube.client()) {
            return io.jenkins.plugins.gitops.testkit.kube.Json.readObject(client.raw(kube.url() + path));
        }
    }

    private JsonNode deployment() {
        return live("/apis/apps/v1/namespaces/shop/deployments/web");
    }

    private String color() {
        return live("/api/v1/namespaces/shop/configmaps/settings").at("/data/color").asText();
    }

    @Test
    void aChangedSelectorFailsTheDryRunNamingTheFieldAndWritesNothing() {
        assertThat(engine.sync(Manifests.of("rev1", APP), opts().build()).succeeded()).isTrue();
        String uid = deployment().at("/metadata/uid").asText();
        long generation = deployment().at("/metadata/generation").asLong();

        SyncResult r = engine.sync(Manifests.of("rev2", NEW_SELECTOR), opts().build());

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.key().toString()).isEqualTo("Deployment.apps/shop/web");
            assertThat(f.reason()).startsWith("dry run failed: immutable field changed: ")
                    .contains("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}")
                    .contains("field is immutable").contains("--force").contains("Replace=true");
        });
        assertThat(r.message()).startsWith("dry run failed, nothing was written: Deployment.apps/shop/web: dry run failed: immutable field changed");
        assertThat(r.table()).contains("Deployment.apps/shop/web  (dry run failed: immutable field changed");
        assertThat(r.objects()).filteredOn(o -> o.key().name().equals("settings")).singleElement()
                .satisfies(o -> assertThat(o.action()).isEqualTo(Action.SKIPPED));
        assertThat(r.writes()).isZero();
        assertThat(deployment().at("/metadata/generation").asLong()).isEqualTo(generation);
        assertThat(color()).isEqualTo("blue");
        assertThat(deployment().at("/metadata/uid").asText()).isEqualTo(uid);
        assertThat(deployment().at("/spec/selector/matchLabels/app").asText()).isEqualTo("web");
    }

    @Test
    void theReplaceOptionRecreatesTheObject() {
        engine.sync(Manifests.of("rev1", APP), opts().build());
        String uid = deployment().at("/metadata/uid").asText();

        SyncResult diff = engine.diff(Manifests.of("rev2", NEW_SELECTOR), opts().replace(true).build());
        assertThat(diff.objects()).filteredOn(o -> o.key().name().equals("web")).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo(Action.CONFIGURED);
            assertThat(o.reason()).startsWith("recreate: ").contains("spec.selector");
        });
        assertThat(diff.writes()).isZero();

        SyncResult r = engine.sync(Manifests.of("rev2", NEW_SELECTOR), opts().replace(true).build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(r.objects()).filteredOn(o -> o.key().name().equals("web")).singleElement()
                .satisfies(o -> assertThat(o.reason()).isEqualTo("recreated: an immutable field changed"));
        assertThat(deployment().at("/metadata/uid").asText()).isNotEqualTo(uid);
        assertThat(deployment().at("/spec/selector/matchLabels/app").asText()).isEqualTo("web2");
        assertThat(color()).isEqualTo("red");
    }

    @Test
    void theForceOptionRecreatesTheObject() {
        engine.sync(Manifests.of("rev1", APP), opts().build());
        String uid = deployment().at("/metadata/uid").asText();
        SyncResult r = engine.sync(Manifests.of("rev2", NEW_SELECTOR), opts().force(true).build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(deployment().at("/metadata/uid").asText()).isNotEqualTo(uid);
        assertThat(deployment().at("/spec/selector/matchLabels/app").asText()).isEqualTo("web2");
    }

    @Test
    void thePerObjectSyncOptionsAnnotationRecreatesOnlyThatObject() {
        engine.sync(Manifests.of("rev1", APP), opts().build());
        String uid = deployment().at("/metadata/uid").asText();
        String annotated = NEW_SELECTOR.replace("metadata: {name: web, namespace: shop}",
                "metadata: {name: web, namespace: shop, annotations: {argocd.argoproj.io/sync-options: \"Replace=true,Force=true\"}}");
        SyncResult r = engine.sync(Manifests.of("rev2", annotated), opts().build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        JsonNode d = deployment();
        assertThat(d.at("/metadata/uid").asText()).isNotEqualTo(uid);
        assertThat(d.at("/spec/selector/matchLabels/app").asText()).isEqualTo("web2");
        assertThat(d.at("/metadata/annotations").path("argocd.argoproj.io/sync-options").asText()).isEqualTo("Replace=true,Force=true");
    }

    @Test
    void anImmutableConfigMapNeedsReplaceToo() {
        String frozen = APP.replace("data: {color: blue}", "immutable: true\ndata: {color: blue}");
        engine.sync(Manifests.of("rev1", frozen), opts().build());
        SyncResult r = engine.sync(Manifests.of("rev2", frozen.replace("color: blue", "color: red")), opts().build());
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.key().toString()).isEqualTo("ConfigMap/shop/settings");
            assertThat(f.reason()).contains("data: Forbidden: field is immutable when `immutable` is set").contains("Replace=true");
        });
        SyncResult replaced = engine.sync(Manifests.of("rev2", frozen.replace("color: blue", "color: red")), opts().replace(true).build());
        assertThat(replaced.succeeded()).as(replaced.table()).isTrue();
        assertThat(color()).isEqualTo("red");
    }

    @Test
    void aNewObjectsDryRunIsSentAndItsRefusalFailsTheSyncBeforeAnyWrite() {
        engine.sync(Manifests.of("rev1", APP), opts().build());
        kube.admission().add(AdmissionRule.deny("replicas.policy.example.com",
                q -> q.kind().equals("Deployment") && q.object().at("/spec/replicas").asInt() > 3,
                "Deployment shop/api: replicas must be at most 3 (asked for 5)"));
        String more = APP.replace("color: blue", "color: red") + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api, namespace: shop}
                spec:
                  replicas: 5
                  selector: {matchLabels: {app: api}}
                  template:
                    metadata: {labels: {app: api}}
                    spec: {containers: [{name: api, image: "nginx:1.27"}]}
                """;
        long deploymentApplies = kube.requests().count("apply", "Deployment");

        // a sync reads no answer of a new object's dry run (it has no diff to show), but sends it
        SyncResult r = engine.sync(Manifests.of("rev2", more), opts().build());

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.key().toString()).isEqualTo("Deployment.apps/shop/api");
            assertThat(f.reason()).isEqualTo("dry run failed: refused by an admission webhook: admission webhook \"replicas.policy.example.com\""
                    + " denied the request: Deployment shop/api: replicas must be at most 3 (asked for 5)");
        });
        assertThat(r.writes()).isZero();
        assertThat(kube.requests().count("apply", "Deployment") - deploymentApplies).as("api's dry run (web is unchanged: none)").isEqualTo(1);
        assertThat(color()).isEqualTo("blue");

        // a gitops diff (a dry run with diffs) still reads the answer: the new object's diff is the server's
        SyncResult diff = engine.diff(Manifests.of("rev2", more.replace("replicas: 5", "replicas: 2")), opts().build());
        assertThat(diff.objects()).filteredOn(o -> o.key().toString().equals("Deployment.apps/shop/api"))
                .singleElement().satisfies(o -> assertThat(o.diff()).contains("replicas: 2").contains("progressDeadlineSeconds"));
    }

    @Test
    void anAdmissionRefusalFailsTheSyncBeforeAnyWriteWithTheWebhooksMessage() {
        engine.sync(Manifests.of("rev1", APP), opts().build());
        kube.admission().add(AdmissionRule.deny("replicas.policy.example.com",
                q -> q.kind().equals("Deployment") && q.object().at("/spec/replicas").asInt() > 3,
                "Deployment shop/web: replicas must be at most 3 (asked for 5)"));
        long generation = deployment().at("/metadata/generation").asLong();
        String scaled = APP.replace("replicas: 1", "replicas: 5").replace("color: blue", "color: red");

        SyncResult r = engine.sync(Manifests.of("rev2", scaled), opts().build());

        String server = "admission webhook \"replicas.policy.example.com\" denied the request: Deployment shop/web: replicas must be at most 3 (asked for 5)";
        assertThat(r.succeeded()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.key().toString()).isEqualTo("Deployment.apps/shop/web");
            assertThat(f.reason()).isEqualTo("dry run failed: refused by an admission webhook: " + server);
        });
        assertThat(r.message()).isEqualTo("dry run failed, nothing was written: Deployment.apps/shop/web: dry run failed: refused by an admission webhook: " + server);
        assertThat(r.writes()).isZero();
        assertThat(deployment().at("/metadata/generation").asLong()).isEqualTo(generation);
        assertThat(color()).isEqualTo("blue");
        assertThat(deployment().at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(engine.history(opts().build())).hasSize(1);

        // once the webhook allows it, the same sync goes through
        kube.admission().clear();
        SyncResult ok = engine.sync(Manifests.of("rev2", scaled), opts().build());
        assertThat(ok.succeeded()).as(ok.table()).isTrue();
        assertThat(deployment().at("/spec/replicas").asInt()).isEqualTo(5);
    }
}
