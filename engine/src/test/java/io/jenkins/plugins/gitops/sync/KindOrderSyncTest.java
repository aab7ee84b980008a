package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.Cluster;
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

/**
 * Inside a wave, kinds are applied one group after another in Argo CD's kind order (a group is
 * awaited before the next kind starts), prunes in the reverse order, and the last wave is not
 * awaited. Orders are read from the emulator's watch events; a slow kind makes a sync that does
 * not await its groups write the next kinds first.
 */
class KindOrderSyncTest {

    private final Failures failures = new Failures();
    private final EventRecorder events = new EventRecorder("shop");
    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        List<io.jenkins.plugins.gitops.testkit.kube.Controller> controllers = new ArrayList<>(Simulators.all(failures));
        controllers.add(events);
        kube = KubeEmulator.builder().controllers(controllers).start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(500)));
        engine = new SyncEngine(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    private SyncOptions.Builder opts() {
        return SyncOptions.builder("shop").initiator("test").namespace("default").timeout(Duration.ofSeconds(30));
    }

    private static String deployment(String name) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: c, image: "nginx:1.27"}]}
                ---
                """.formatted(name, name, name);
    }

    private static String service(String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec: {selector: {app: %s}, ports: [{port: 80}]}
                ---
                """.formatted(name, name);
    }

    private static String configMap(String name) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s}
                data: {k: v}
                ---
                """.formatted(name);
    }

    /** Deployments first in the file, ConfigMaps last: only the kind order can put them the other way round. */
    private static final String APP = deployment("web") + deployment("api") + service("web") + service("api")
            + configMap("web-config") + configMap("api-config") + configMap("shared");

    @Test
    void kindsOfAWaveAreAppliedGroupByGroupInArgoCdOrder() {
        kube.faults().slowWrites("configmaps", Duration.ofMillis(600));

        SyncResult r = engine.sync(Manifests.of("r1", APP), opts().build());

        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(EventRecorder.kindRuns(events.created())).as("ADDED events by kind: %s", events.created())
                .containsExactly("ConfigMap", "Service", "Deployment");
        assertThat(events.created()).hasSize(7);
        // the table shows the order in which the groups ran
        assertThat(r.objects().stream().map(o -> o.key().kind()).distinct().toList()).containsExactly("ConfigMap", "Service", "Deployment");
    }

    @Test
    void aFailedKindGroupStopsTheKindsAfterIt() {
        kube.admission().add(io.jenkins.plugins.gitops.testkit.kube.AdmissionRule.deny("policy.example.com",
                req -> req.kind().equals("Service") && req.name().equals("api") && !req.dryRun(), "no Service api"));

        SyncResult r = engine.sync(Manifests.of("r1", APP), opts().build());

        assertThat(r.succeeded()).isFalse();
        assertThat(events.created()).as("the ConfigMaps and the other Service, no Deployment")
                .containsExactlyInAnyOrder("ConfigMap/web-config", "ConfigMap/api-config", "ConfigMap/shared", "Service/web");
        assertThat(r.objects().stream().filter(o -> o.key().kind().equals("Deployment")).map(ObjectResult::action))
                .containsOnly(Action.SKIPPED);
    }

    @Test
    void prunesRunInReverseKindOrder() {
        assertThat(engine.sync(Manifests.of("r1", APP), opts().build()).succeeded()).isTrue();
        kube.faults().slowWrites("deployments", Duration.ofMillis(600));

        SyncResult r = engine.sync(Manifests.of("r2", configMap("shared")), opts().prune(true).build());

        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(r.count(Action.PRUNED)).isEqualTo(6);
        assertThat(EventRecorder.kindRuns(events.deleted())).as("deletions by kind: %s", events.deleted())
                .containsExactly("Deployment", "Service", "ConfigMap");
        assertThat(r.objects().stream().filter(o -> o.action() == Action.PRUNED).map(o -> o.key().kind()).distinct().toList())
                .containsExactly("Deployment", "Service", "ConfigMap");
    }

    private static final String ROLLOUT = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: rollouts.rollouts.example.com}
            spec:
              group: rollouts.example.com
              scope: Namespaced
              names: {kind: Rollout, plural: rollouts, singular: rollout, listKind: RolloutList}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            ---
            apiVersion: rollouts.example.com/v1
            kind: Rollout
            metadata: {name: web}
            spec: {replicas: 2}
            """;

    @Test
    void aSyncSucceedsOnceItsLastWaveIsAppliedEvenWithCreateNamespace() {
        // its operator keeps it Progressing for ever: Argo CD syncs it, and reports the app Progressing
        failures.resource("Rollout/web", "Progressing");

        SyncResult r = engine.sync(Manifests.of("r1", ROLLOUT), opts().namespace("fresh").createNamespace(true)
                .timeout(Duration.ofSeconds(5)).build());

        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(events.created()).contains("Rollout/web");
    }

    @Test
    void aWaveIsStillAwaitedWhenAnotherWaveFollows() {
        failures.resource("Rollout/web", "Progressing");
        String next = ROLLOUT + "\n---\n" + configMap("after").replace("metadata: {name: after}",
                "metadata: {name: after, annotations: {argocd.argoproj.io/sync-wave: \"1\"}}");

        SyncResult r = engine.sync(Manifests.of("r1", next), opts().namespace("fresh").createNamespace(true)
                .timeout(Duration.ofSeconds(3)).build());

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).contains("Rollout.rollouts.example.com/fresh/web").contains("not healthy after 3 s");
        assertThat(events.created()).doesNotContain("ConfigMap/after");
    }
}
