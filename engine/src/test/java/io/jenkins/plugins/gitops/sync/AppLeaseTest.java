package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.testkit.kube.Json;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One sync of an app at a time: the app's Lease, waited for, failed on naming its holder, taken over from a dead holder. */
class AppLeaseTest {

    private KubeEmulator kube;
    private Cluster clusterA;
    private Cluster clusterB;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
        clusterA = Cluster.of(kube.config(), new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200)));
        clusterB = Cluster.of(kube.config(), new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() {
        clusterA.close();
        clusterB.close();
        kube.close();
    }

    /** {@code n} ConfigMaps named {@code prefix-i}. */
    static String set(String prefix, int n) {
        StringBuilder b = new StringBuilder();
        IntStream.range(0, n).forEach(i -> b.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ").append(prefix).append('-').append(i)
                .append(", namespace: default}\ndata: {v: \"").append(i).append("\"}\n"));
        return b.toString();
    }

    private static SyncOptions.Builder opts(String holder) {
        return SyncOptions.builder("shop").initiator(holder).holder(holder).prune(true).timeout(Duration.ofSeconds(30));
    }

    /** Sync A stops at its first write until released; returns the latch that releases it. */
    private static SyncListener pausedAtStart(CountDownLatch started, CountDownLatch release) {
        return new SyncListener() {
            @Override
            public void started(List<ResourceKey> apply, List<ResourceKey> prune) {
                started.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private List<String> liveNames() {
        return clusterA.list(clusterA.resolver().resolve("v1", "ConfigMap"), "default", Tracking.APP_LABEL + "=shop").stream()
                .map(o -> o.path("metadata").path("name").asText()).sorted().toList();
    }

    @Test
    void aSecondSyncStartedTogetherWaitsForTheFirstAndTheClusterEndsWithExactlyItsSet() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<SyncResult> a = CompletableFuture.supplyAsync(() -> new SyncEngine(clusterA)
                .sync(Manifests.of("ra", set("a", 20)), opts("build-A").listener(pausedAtStart(started, release)).build()));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        long watches = kube.requests().count("watch");
        CompletableFuture<SyncResult> b = CompletableFuture.supplyAsync(() -> new SyncEngine(clusterB)
                .sync(Manifests.of("rb", set("b", 20)), opts("build-B").build()));
        await().atMost(Duration.ofSeconds(30)).until(() -> kube.requests().count("watch") > watches); // B watches A's Lease
        assertThat(b).isNotDone();
        release.countDown();

        SyncResult ra = a.get(60, TimeUnit.SECONDS);
        SyncResult rb = b.get(60, TimeUnit.SECONDS);
        assertThat(ra.succeeded()).as(ra.table()).isTrue();
        assertThat(rb.succeeded()).as(rb.table()).isTrue();
        assertThat(rb.count(Action.PRUNED)).as("B saw what A recorded and pruned it").isEqualTo(20);
        assertThat(liveNames()).isEqualTo(IntStream.range(0, 20).mapToObj(i -> "b-" + i).sorted().toList());
        List<HistoryEntry> history = new SyncEngine(clusterA).history(opts("x").build());
        assertThat(history).extracting(HistoryEntry::id, HistoryEntry::revision, HistoryEntry::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "ra", "Succeeded"), org.assertj.core.groups.Tuple.tuple(2, "rb", "Succeeded"));
        Inventory inv = new InventoryStore(clusterA, "gitops-system", "gitops-jenkins").load("shop");
        assertThat(inv.objects()).hasSize(20).allMatch(e -> e.key().name().startsWith("b-"));
        assertThat(inv.pending()).isEmpty();
        ObjectNode lease = lease().orElseThrow();
        assertThat(lease.path("spec").path("holderIdentity").asText("")).as("released").isEmpty();
    }

    @Test
    void aResyncOfAnUnchangedAppTakesNoLeaseButOneThatFindsDriftTakesItBeforeItsFirstWrite() {
        assertThat(new SyncEngine(clusterA).sync(Manifests.of("ra", set("a", 5)), opts("build-A").build()).succeeded()).isTrue();
        String leaseVersion = lease().orElseThrow().path("metadata").path("resourceVersion").asText();

        long writes = kube.requests().writes();
        SyncResult quiet = new SyncEngine(clusterB).sync(Manifests.of("ra", set("a", 5)), opts("build-B").build());
        assertThat(quiet.succeeded()).isTrue();
        assertThat(quiet.count(Action.UNCHANGED)).isEqualTo(5);
        assertThat(kube.requests().writes() - writes).as("nothing written, not even the Lease").isZero();
        assertThat(lease().orElseThrow().path("metadata").path("resourceVersion").asText()).isEqualTo(leaseVersion);

        kube.client().configMaps().inNamespace("default").withName("a-2").edit(cm -> {
            cm.getData().put("v", "edited by hand");
            return cm;
        });
        String[] holderAtFirstWrite = {null};
        SyncResult healed = new SyncEngine(clusterB).sync(Manifests.of("ra", set("a", 5)), opts("build-C").listener(new SyncListener() {
            @Override
            public void started(List<ResourceKey> apply, List<ResourceKey> prune) {
                holderAtFirstWrite[0] = lease().orElseThrow().path("spec").path("holderIdentity").asText("");
            }
        }).build());
        assertThat(healed.succeeded()).as(healed.table()).isTrue();
        assertThat(healed.count(Action.CONFIGURED)).isEqualTo(1);
        assertThat(holderAtFirstWrite[0]).as("the Lease is held by this sync when it writes").endsWith("(build-C)");
        assertThat(kube.client().configMaps().inNamespace("default").withName("a-2").get().getData()).containsEntry("v", "2");
        assertThat(lease().orElseThrow().path("spec").path("holderIdentity").asText("")).as("released").isEmpty();
    }

    @Test
    void aResyncOfTheRecordedRevisionWaitsForAnotherSyncThatHasAnnouncedItself() throws Exception {
        assertThat(new SyncEngine(clusterA).sync(Manifests.of("ra", set("a", 5)), opts("build-A").build()).succeeded()).isTrue();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<SyncResult> b = CompletableFuture.supplyAsync(() -> new SyncEngine(clusterA)
                .sync(Manifests.of("rb", set("b", 5)), opts("build-B").listener(pausedAtStart(started, release)).build()));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        long watches = kube.requests().count("watch");
        // "ra" is what the inventory's last finished entry recorded, but B's Running entry follows it: C must not call the app in sync
        CompletableFuture<SyncResult> c = CompletableFuture.supplyAsync(() -> new SyncEngine(clusterB)
                .sync(Manifests.of("ra", set("a", 5)), opts("build-C").build()));
        await().atMost(Duration.ofSeconds(30)).until(() -> kube.requests().count("watch") > watches); // C watches B's Lease
        assertThat(c).isNotDone();
        release.countDown();

        assertThat(b.get(60, TimeUnit.SECONDS).succeeded()).isTrue();
        SyncResult rc = c.get(60, TimeUnit.SECONDS);
        assertThat(rc.succeeded()).as(rc.table()).isTrue();
        assertThat(rc.count(Action.PRUNED)).as("C saw what B recorded").isEqualTo(5);
        assertThat(liveNames()).containsExactly("a-0", "a-1", "a-2", "a-3", "a-4");
        assertThat(new SyncEngine(clusterA).history(opts("x").build())).extracting(HistoryEntry::revision).containsExactly("ra", "rb", "ra");
    }

    /** What an app tree runs for its later waves: done only when already in sync, otherwise nothing written and left for its turn. */
    @Test
    void syncIfInSyncFinishesOnlyAnAppThatHasNothingToWrite() {
        SyncEngine engine = new SyncEngine(clusterA);
        long writes = kube.requests().writes();
        assertThat(engine.syncIfInSync(Manifests.of("ra", set("a", 3)), opts("tree").build())).as("a first sync waits for its turn").isEmpty();
        assertThat(kube.requests().writes() - writes).isZero();
        assertThat(engine.sync(Manifests.of("ra", set("a", 3)), opts("tree").build()).succeeded()).isTrue();

        writes = kube.requests().writes();
        SyncResult quiet = engine.syncIfInSync(Manifests.of("ra", set("a", 3)), opts("tree").build()).orElseThrow();
        assertThat(quiet.succeeded()).isTrue();
        assertThat(quiet.count(Action.UNCHANGED)).isEqualTo(3);
        assertThat(engine.syncIfInSync(Manifests.of("rb", set("a", 3)), opts("tree").build())).as("another revision").isEmpty();
        assertThat(engine.syncIfInSync(Manifests.of("ra", set("a", 4)), opts("tree").build())).as("another set").isEmpty();
        kube.client().configMaps().inNamespace("default").withName("a-1").edit(cm -> {
            cm.getData().put("v", "edited by hand");
            return cm;
        });
        long afterEdit = kube.requests().writes();
        assertThat(engine.syncIfInSync(Manifests.of("ra", set("a", 3)), opts("tree").build())).as("drifted").isEmpty();
        assertThat(kube.requests().writes() - afterEdit).as("the drifted object's server-side dry run, nothing applied, no Lease").isEqualTo(1);
        assertThat(afterEdit - writes).as("only the hand edit").isEqualTo(1);
        assertThat(kube.client().configMaps().inNamespace("default").withName("a-1").get().getData()).containsEntry("v", "edited by hand");
        assertThat(engine.history(opts("x").build())).hasSize(1);
    }

    private java.util.Optional<ObjectNode> lease() {
        return clusterA.get(clusterA.resolver().resolve("coordination.k8s.io/v1", "Lease"), "gitops-system", "gitops-sync-shop");
    }

    @Test
    void aSecondSyncThatWaitsLongerThanItsBoundFailsNamingTheHolderAndWritesNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<SyncResult> a = CompletableFuture.supplyAsync(() -> new SyncEngine(clusterA)
                .sync(Manifests.of("ra", set("a", 5)), opts("https://jenkins.example.com/job/deploy/41/").listener(pausedAtStart(started, release)).build()));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        String holder = lease().orElseThrow().path("spec").path("holderIdentity").asText();
        assertThat(holder).contains(" pid " + ProcessHandle.current().pid()).endsWith("(https://jenkins.example.com/job/deploy/41/)");
        try {
            assertThatThrownBy(() -> new SyncEngine(clusterB).sync(Manifests.of("rb", set("b", 5)), opts("build-B").lockTimeout(Duration.ofMillis(300)).build()))
                    .isInstanceOf(SyncException.class)
                    .hasMessageContaining("app shop: another sync holds Lease/gitops-system/gitops-sync-shop: " + holder)
                    .hasMessageContaining("nothing was written");
        } finally {
            release.countDown();
        }
        assertThat(a.get(60, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(liveNames()).containsExactly("a-0", "a-1", "a-2", "a-3", "a-4");
        assertThat(new SyncEngine(clusterA).history(opts("x").build())).extracting(HistoryEntry::revision).containsExactly("ra");
    }

    @Test
    void aFirstSyncCreatesItsLeaseWithoutReadingItAndALaterSyncReadsTheOneItReleased() {
        SyncEngine engine = new SyncEngine(clusterA);
        kube.requests().reset();
        assertThat(engine.sync(Manifests.of("r1", set("a", 2)), opts("a").build()).succeeded()).isTrue();
        assertThat(kube.requests().count("get", "Lease")).as("no inventory, so no Lease to read").isZero();
        assertThat(kube.requests().count("create", "Lease")).isEqualTo(1);

        kube.requests().reset();
        assertThat(engine.sync(Manifests.of("r2", set("a", 3)), opts("a").build()).succeeded()).isTrue();
        assertThat(kube.requests().count("get", "Lease")).as("the Lease the first sync released").isEqualTo(1);
        assertThat(kube.requests().count("create", "Lease")).isZero();
        assertThat(liveNames()).containsExactly("a-0", "a-1", "a-2");
    }

    @Test
    void aDeadHoldersLeaseIsTakenOverOnceItStopsBeingRenewed() {
        kube.apply(Json.readObject("""
                {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"gitops-system"}}"""), "test");
        kube.apply(Json.readObject("""
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"gitops-sync-shop","namespace":"gitops-system"},
                 "spec":{"holderIdentity":"agent-7 pid 4242 #dead (https://jenkins.example.com/job/deploy/40/)","leaseDurationSeconds":2,
                         "acquireTime":"2026-01-01T00:00:00.000000Z","renewTime":"2026-01-01T00:00:00.000000Z","leaseTransitions":3}}"""), "test");
        kube.requests().reset();
        assertThatThrownBy(() -> new SyncEngine(clusterB).sync(Manifests.of("r", set("a", 2)), opts("b").lockTimeout(Duration.ZERO).build()))
                .hasMessageContaining("agent-7 pid 4242 #dead (https://jenkins.example.com/job/deploy/40/)")
                .hasMessageContaining("renewed 2026-01-01T00:00:00.000000Z");
        // the app has no inventory, so its first sync tried to create the Lease: the 409 sent it to read and judge the holder
        assertThat(kube.requests().count("create", "Lease")).isEqualTo(1);
        assertThat(kube.requests().count("get", "Lease")).isEqualTo(1);

        SyncResult r = new SyncEngine(clusterB).sync(Manifests.of("r", set("a", 2)), opts("b").lockTimeout(Duration.ofSeconds(60)).build());
        assertThat(r.succeeded()).as(r.table()).isTrue();
        ObjectNode lease = lease().orElseThrow();
        assertThat(lease.path("spec").path("leaseTransitions").asInt()).as("taken over once").isEqualTo(4);
        assertThat(lease.path("spec").path("holderIdentity").asText("")).as("and released").isEmpty();
        assertThat(liveNames()).containsExactly("a-0", "a-1");
    }

    @Test
    void theInventoryIsNeverOverwrittenBlindly() {
        SyncEngine engine = new SyncEngine(clusterA);
        engine.sync(Manifests.of("r1", set("a", 2)), opts("a").build());
        InventoryStore store = new InventoryStore(clusterA, "gitops-system", "gitops-jenkins");
        Inventory stale = store.load("shop");
        Inventory fresh = store.load("shop");
        store.save(fresh.with(List.of(), List.of(), fresh.history())); // another writer changed it
        assertThatThrownBy(() -> store.save(stale))
                .hasMessageContaining("ConfigMap/gitops-system/gitops-inventory-shop: the inventory of app shop was changed by someone else")
                .hasMessageContaining("resourceVersion " + stale.version() + " is stale");
        assertThatThrownBy(() -> store.save(Inventory.empty("shop"))).as("create only if absent").hasMessageContaining("(created)");
    }
}
