package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync rules, each on a fresh emulator with the controller simulators running. */
class SyncEngineTest {

    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures)).start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(500)));
        engine = new SyncEngine(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    static final String BASE = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            data: {color: blue}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: creds, namespace: shop}
            stringData: {password: hunter2}
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w1, namespace: shop}
            spec: {size: 3}
            """;

    private SyncOptions.Builder opts() {
        return SyncOptions.builder("shop").initiator("test").timeout(Duration.ofSeconds(30));
    }

    /** The object at an API path, read with a plain fabric8 client. */
    private JsonNode live(String path) {
        try (var client = kube.client()) {
            return io.jenkins.plugins.gitops.testkit.kube.Json.readObject(client.raw(kube.url() + path));
        }
    }

    @Test
    void firstSyncCreatesEverythingInOrderThenASecondSyncWritesNothing() {
        SyncResult first = engine.sync(Manifests.of("rev1", BASE), opts().build());
        assertThat(first.succeeded()).as(first.table()).isTrue();
        assertThat(first.count(Action.CREATED)).isEqualTo(5);
        assertThat(first.objects().get(0).key().kind()).isEqualTo("Namespace");
        JsonNode widget = live("/apis/example.com/v1/namespaces/shop/widgets/w1");
        assertThat(widget.at("/metadata/annotations").path("gitops.jenkins.io/tracking-id").asText()).isEqualTo("shop:example.com/Widget:shop/w1");
        assertThat(widget.at("/metadata/labels").path("gitops.jenkins.io/app").asText()).isEqualTo("shop");
        assertThat(widget.at("/metadata/managedFields/0/manager").asText()).isEqualTo("gitops-jenkins");

        long writesBefore = kube.requests().writes();
        SyncResult second = engine.sync(Manifests.of("rev1", BASE), opts().build());
        assertThat(second.succeeded()).isTrue();
        assertThat(second.count(Action.UNCHANGED)).isEqualTo(5);
        assertThat(second.writes()).isZero();
        assertThat(kube.requests().writes() - writesBefore).as("writes and dry runs reaching the server: none, not even the app's Lease")
                .isZero();
        assertThat(engine.history(opts().build())).hasSize(1);
    }

    @Test
    void changedObjectIsConfiguredWithAReadableMaskedDiff() {
        engine.sync(Manifests.of("rev1", BASE), opts().build());
        String changed = BASE.replace("color: blue", "color: red").replace("password: hunter2", "password: swordfish");
        SyncResult diff = engine.diff(Manifests.of("rev2", changed), opts().build());
        assertThat(diff.inSync()).isFalse();
        ObjectResult cm = diff.objects().stream().filter(o -> o.key().name().equals("settings")).findFirst().orElseThrow();
        assertThat(cm.action()).isEqualTo(Action.CONFIGURED);
        assertThat(cm.diff()).contains("-  color: blue").contains("+  color: red");
        ObjectResult secret = diff.objects().stream().filter(o -> o.key().name().equals("creds")).findFirst().orElseThrow();
        assertThat(secret.diff()).doesNotContain("hunter2").doesNotContain("swordfish").doesNotContain("aHVudGVyMg")
                .contains("-  password: ++++++++\n+  password: +++++++++++");
        assertThat(diff.writes()).isZero();

        SyncResult sync = engine.sync(Manifests.of("rev2", changed), opts().build());
        assertThat(sync.count(Action.CONFIGURED)).isEqualTo(2);
        assertThat(sync.count(Action.UNCHANGED)).isEqualTo(3);
        // a real sync keeps the diffs of what it changed (for build summaries), masked, and only those
        assertThat(sync.objects()).filteredOn(o -> o.action() == Action.CONFIGURED)
                .allSatisfy(o -> assertThat(o.diff()).isNotEmpty().doesNotContain("swordfish").doesNotContain("hunter2"));
        assertThat(sync.objects()).filteredOn(o -> o.action() != Action.CONFIGURED).allSatisfy(o -> assertThat(o.diff()).isEmpty());
        assertThat(live("/api/v1/namespaces/shop/configmaps/settings").at("/data/color").asText()).isEqualTo("red");
        assertThat(engine.diff(Manifests.of("rev2", changed), opts().build()).inSync()).isTrue();
    }

    @Test
    void pruneDeletesOnlyWhatTheAppNoLongerWantsAndHonoursPruneFalse() {
        String more = BASE + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: old, namespace: shop}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: keep-me
                  namespace: shop
                  annotations: {argocd.argoproj.io/sync-options: Prune=false}
                """;
        engine.sync(Manifests.of("rev1", more), opts().build());
        SyncResult noPrune = engine.sync(Manifests.of("rev2", BASE), opts().build());
        assertThat(noPrune.count(Action.PRUNED)).isZero();
        assertThat(noPrune.objects()).filteredOn(o -> o.key().name().equals("old")).extracting(ObjectResult::reason)
                .containsExactly("extra: would be pruned with --prune");
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "shop", "old")).isPresent();

        SyncResult pruned = engine.sync(Manifests.of("rev2", BASE), opts().prune(true).build());
        assertThat(pruned.succeeded()).isTrue();
        assertThat(pruned.objects()).filteredOn(o -> o.action() == Action.PRUNED).extracting(o -> o.key().name()).containsExactly("old");
        assertThat(pruned.objects()).filteredOn(o -> o.key().name().equals("keep-me")).extracting(ObjectResult::action).containsExactly(Action.SKIPPED);
        // foreground propagation (the default) leaves the object to the garbage collector for a moment
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "shop", "old").isEmpty());
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "shop", "keep-me")).isPresent();
    }

    @Test
    void objectTrackedByAnotherAppIsNeverTouched() {
        engine.sync(Manifests.of("rev1", BASE), opts().build());
        assertThatThrownBy(() -> engine.sync(Manifests.of("rev1", BASE.replace("color: blue", "color: green")), SyncOptions.builder("thief").build()))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("ConfigMap/shop/settings: shared resource: already tracked by app shop");
        assertThat(live("/api/v1/namespaces/shop/configmaps/settings").at("/data/color").asText()).isEqualTo("blue");
    }

    @Test
    void aFailingDryRunAbortsWithNothingWritten() {
        engine.sync(Manifests.of("rev1", BASE), opts().build());
        // another manager owns data.color: with conflicts not forced, our apply of another value
        // conflicts, and the dry run says so first
        kube.apply(io.jenkins.plugins.gitops.testkit.kube.Json.readObject("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"shop"},"data":{"color":"pink"}}"""), "someone-else");
        String changed = BASE.replace("color: blue", "color: red").replace("size: 3", "size: 4");
        long writes = kube.requests().count("apply");
        SyncResult r = engine.sync(Manifests.of("rev2", changed), opts().forceConflicts(false).build());
        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).contains("dry run failed");
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.key().toString()).isEqualTo("ConfigMap/shop/settings");
            assertThat(f.reason()).contains("conflict with another field manager").contains("--force");
        });
        assertThat(r.writes()).isZero();
        assertThat(live("/apis/example.com/v1/namespaces/shop/widgets/w1").at("/spec/size").asInt()).isEqualTo(3);

        // the default, as Argo CD and Flux: Git wins over the other manager
        SyncResult forced = engine.sync(Manifests.of("rev2", changed), opts().build());
        assertThat(forced.succeeded()).as(forced.table()).isTrue();
        assertThat(live("/api/v1/namespaces/shop/configmaps/settings").at("/data/color").asText()).isEqualTo("red");
        assertThat(kube.requests().count("apply")).isGreaterThan(writes);
    }

    @Test
    void unknownKindAndMissingNamespaceAreRefusedBeforeAnyWrite() {
        assertThatThrownBy(() -> engine.sync(Manifests.of("r", """
                apiVersion: nowhere.io/v1
                kind: Ghost
                metadata: {name: boo, namespace: default}
                """), opts().build())).hasMessageContaining("Ghost.nowhere.io/default/boo: unknown kind Ghost (nowhere.io/v1)");
        assertThatThrownBy(() -> engine.sync(Manifests.of("r", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: kfp, namespace: argocd}
                spec: {source: {repoURL: x, path: y}}
                """), opts().build())).hasMessageContaining("an Argo CD app of apps: sync it with gitopsApps or `gitops apps`");
        assertThatThrownBy(() -> engine.sync(Manifests.of("r", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: absent}
                """), opts().build())).hasMessageContaining("ConfigMap/absent/c: namespace absent does not exist");
        assertThatThrownBy(() -> engine.sync(Manifests.of("r", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                """), opts().build())).hasMessageContaining("ConfigMap/c: namespaced object without a namespace");
        assertThat(kube.requests().writes()).isZero();
    }

    @Test
    void createNamespaceAndDefaultNamespace() {
        SyncResult r = engine.sync(Manifests.of("r", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                """), opts().namespace("fresh").createNamespace(true).build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(live("/api/v1/namespaces/fresh/configmaps/c").at("/metadata/name").asText()).isEqualTo("c");
    }

    @Test
    void wavesApplyInOrderAndWaitForHealthBetweenThem() {
        String waves = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: db
                  namespace: default
                  annotations: {argocd.argoproj.io/sync-wave: "-1"}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec: {containers: [{name: db, image: postgres:16}]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: after-db
                  namespace: default
                  annotations: {gitops.jenkins.io/sync-wave: "1"}
                """;
        SyncResult r = engine.sync(Manifests.of("r", waves), opts().build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(r.objects()).extracting(o -> o.key().name()).containsExactly("db", "after-db");
        JsonNode cm = live("/api/v1/namespaces/default/configmaps/after-db");
        JsonNode db = live("/apis/apps/v1/namespaces/default/deployments/db");
        assertThat(db.at("/status/availableReplicas").asInt()).as("healthy before the next wave").isEqualTo(1);
        assertThat(cm.at("/metadata/resourceVersion").asLong()).isGreaterThan(db.at("/metadata/resourceVersion").asLong() - 1000);
    }

    @Test
    void aDegradedWaveStopsTheSync() {
        failures.image("broken:*", Failures.PodFailure.CRASH_LOOP_BACK_OFF);
        String waves = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: bad, namespace: default, annotations: {argocd.argoproj.io/sync-wave: "0"}}
                spec:
                  replicas: 1
                  progressDeadlineSeconds: 1
                  selector: {matchLabels: {app: bad}}
                  template:
                    metadata: {labels: {app: bad}}
                    spec: {containers: [{name: c, image: "broken:1"}]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: never, namespace: default, annotations: {argocd.argoproj.io/sync-wave: "5"}}
                """;
        SyncResult r = engine.sync(Manifests.of("r", waves), opts().build());
        assertThat(r.succeeded()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.key().name()).isEqualTo("bad"));
        assertThat(r.objects()).filteredOn(o -> o.key().name().equals("never")).extracting(ObjectResult::action).containsExactly(Action.SKIPPED);

        // the history says it failed and what it wrote; the inventory tracks what it wrote, not what it skipped
        HistoryEntry h = engine.history(opts().build()).get(0);
        assertThat(h.id()).isEqualTo(r.historyId());
        assertThat(h.result()).startsWith("Failed: sync failed: Deployment.apps/default/bad: applied, then ");
        assertThat(h.wrote()).isEqualTo("1 written: created Deployment.apps/default/bad");
        Inventory inv = new InventoryStore(cluster, "gitops-system", "gitops-jenkins").load("shop");
        assertThat(inv.objects()).extracting(e -> e.key().name()).containsExactly("bad");
        assertThat(inv.pending()).isEmpty();
    }

    @Test
    void hooksRunInTheirPhaseAndAFailedHookRunsSyncFail() {
        String hooks = """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: migrate
                  namespace: default
                  annotations: {argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: HookSucceeded}
                spec:
                  template:
                    spec: {restartPolicy: Never, containers: [{name: m, image: "migrate:1"}]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: app, namespace: default}
                """;
        SyncResult ok = engine.sync(Manifests.of("r", hooks), opts().build());
        assertThat(ok.succeeded()).as(ok.table()).isTrue();
        assertThat(ok.objects()).extracting(o -> o.key().name()).containsExactly("migrate", "app");
        assertThat(ok.objects().get(0).hook()).isTrue();
        assertThat(cluster.get(cluster.resolver().resolve("batch/v1", "Job"), "default", "migrate")).as("deleted: HookSucceeded").isEmpty();

        failures.job("migrate2");
        String failing = hooks.replace("name: migrate\n", "name: migrate2\n").replace("{name: app,", "{name: app2,") + """
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: cleanup
                  namespace: default
                  annotations: {argocd.argoproj.io/hook: SyncFail}
                spec:
                  template:
                    spec: {restartPolicy: Never, containers: [{name: c, image: "cleanup:1"}]}
                """;
        SyncResult bad = engine.sync(Manifests.of("r2", failing), opts().build());
        assertThat(bad.succeeded()).isFalse();
        assertThat(bad.objects()).filteredOn(o -> o.key().name().equals("migrate2")).extracting(ObjectResult::action).containsExactly(Action.FAILED);
        assertThat(bad.objects()).filteredOn(o -> o.key().name().equals("app2")).extracting(ObjectResult::action).containsExactly(Action.SKIPPED);
        assertThat(bad.objects()).filteredOn(o -> o.key().name().equals("cleanup")).extracting(ObjectResult::action).containsExactly(Action.CREATED);
    }

    @Test
    void aPreSyncHookInTheAppsOwnNamespaceRunsAfterThatNamespaceIsCreated() {
        String app = """
                apiVersion: v1
                kind: Namespace
                metadata: {name: fresh}
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: migrate
                  namespace: fresh
                  annotations: {argocd.argoproj.io/hook: PreSync}
                spec:
                  template:
                    spec: {restartPolicy: Never, containers: [{name: m, image: "migrate:1"}]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: app, namespace: fresh}
                """;
        SyncResult r = engine.sync(Manifests.of("r", app), opts().build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(r.objects()).extracting(o -> o.key().kind() + "/" + o.key().name())
                .containsExactly("Namespace/fresh", "Job/migrate", "ConfigMap/app");
    }

    @Test
    void selectiveSyncAppliesOnlyTheNamedObjects() {
        engine.sync(Manifests.of("rev1", BASE), opts().build());
        String changed = BASE.replace("color: blue", "color: red").replace("size: 3", "size: 9");
        SyncResult r = engine.sync(Manifests.of("rev2", changed), opts().only(Set.of("ConfigMap/shop/settings")).prune(true).build());
        assertThat(r.objects()).extracting(o -> o.key().name()).containsExactly("settings");
        assertThat(live("/apis/example.com/v1/namespaces/shop/widgets/w1").at("/spec/size").asInt()).isEqualTo(3);
        assertThat(live("/api/v1/namespaces/shop/configmaps/settings").at("/data/color").asText()).isEqualTo("red");
    }

    @Test
    void rollbackReappliesTheStoredManifestsAndPrunesWhatTheyLacked() {
        engine.sync(Manifests.of("rev1", BASE), opts().build());
        String v2 = BASE.replace("color: blue", "color: red") + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: added-in-v2, namespace: shop}
                """;
        engine.sync(Manifests.of("rev2", v2), opts().prune(true).build());
        assertThat(engine.history(opts().build())).extracting(HistoryEntry::revision).containsExactly("rev1", "rev2");

        assertThatThrownBy(() -> engine.rollback(0, opts().build())).as("the history keeps no Secret values: they must be rendered again")
                .hasMessageContaining("history entry 1 keeps its Secrets as digests only (Secret/shop/creds)").hasMessageContaining("nothing was written");
        SyncResult back = engine.rollback(0, opts().build(), entry -> Manifests.of(entry.revision(), BASE));
        assertThat(back.succeeded()).as(back.table()).isTrue();
        assertThat(back.revision()).isEqualTo("rev1");
        assertThat(back.message()).contains("restored 1 Secret(s) of history entry 1").contains("Secret/shop/creds");
        assertThat(live("/api/v1/namespaces/shop/configmaps/settings").at("/data/color").asText()).isEqualTo("blue");
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "shop", "added-in-v2")).isEmpty();
        assertThat(engine.history(opts().build())).extracting(HistoryEntry::revision).containsExactly("rev1", "rev2", "rev1");
        assertThat(engine.history(opts().build()).get(2).initiator()).isEqualTo("test rollback to 1");
    }

    @Test
    void historyKeepsTheLastNEntries() {
        for (int i = 0; i < 4; i++) {
            engine.sync(Manifests.of("rev" + i, BASE.replace("color: blue", "color: c" + i)), opts().historyLimit(2).build());
        }
        assertThat(engine.history(opts().build())).extracting(HistoryEntry::id).containsExactly(3, 4);
        long manifests = cluster.list(cluster.resolver().resolve("v1", "ConfigMap"), "gitops-system", "gitops.jenkins.io/manifests-of=shop").size();
        assertThat(manifests).as("manifests of dropped entries are deleted").isEqualTo(2);
    }

    @Test
    void argoCdTrackingAnnotationOption() {
        engine.sync(Manifests.of("r", BASE), opts().tracking(Tracking.ARGOCD).build());
        JsonNode cm = live("/api/v1/namespaces/shop/configmaps/settings");
        assertThat(cm.at("/metadata/annotations").path("argocd.argoproj.io/tracking-id").asText()).isEqualTo("shop:/ConfigMap:shop/settings");
        assertThat(cm.at("/metadata/annotations").has("gitops.jenkins.io/tracking-id")).isFalse();
    }

    @Test
    void resultJsonHasTheCountsAtTopLevel() throws Exception {
        SyncResult r = engine.sync(Manifests.of("rev1", BASE), opts().build());
        JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.toJson(false));
        assertThat(j.path("created").asInt()).isEqualTo(5);
        assertThat(j.path("configured").asInt()).isZero();
        assertThat(j.path("writes").asLong()).isEqualTo(r.writes()).isPositive();
        assertThat(j.path("apiCalls").asLong()).isGreaterThan(j.path("writes").asLong());
        assertThat(j.has("durationMs")).isTrue();
        assertThat(j.path("objects")).hasSize(5);
    }

    static RenderedSet set(String yaml) {
        return Manifests.of("", yaml);
    }

    static ResourceKey key(String group, String kind, String ns, String name) {
        return new ResourceKey(group, kind, ns, name);
    }
}
