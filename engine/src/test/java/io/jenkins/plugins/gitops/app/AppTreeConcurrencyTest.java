package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncListener;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The apps of one wave sync at the same time (proved by a barrier the apps of a wave must all
 * reach: a sequential loop never gets past it), within the bound, and a later wave starts only
 * once every app of the earlier waves, and every app under them, has finished its sync.
 */
class AppTreeConcurrencyTest {

    private static App app(String name) {
        return new App(name, "argocd", List.of(new AppSource("https://git.example.com/r.git", name, "main", "", "", null)),
                new Destination("https://kubernetes.default.svc", "", "default"), List.of());
    }

    private static RenderedSet set(String yaml) {
        return RenderedSet.of(ManifestParser.parse(yaml, "t.yaml"), "c1", "test", "");
    }

    private static String application(String name, int wave) {
        return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: " + name + ", namespace: argocd, annotations: "
                + "{argocd.argoproj.io/sync-wave: '" + wave + "'}}\nspec: {source: {repoURL: 'https://git.example.com/r.git', path: "
                + name + "}, destination: {namespace: default}}\n---\n";
    }

    private static String configMap(String app) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-" + app + "}\ndata: {a: b}\n";
    }

    private static AppRender leaf(String name, String parent, int depth) {
        return new AppRender(app(name), parent, depth, List.of(set(configMap(name))));
    }

    /** A root whose Applications are all of wave 0, and under it one app per name rendering {@code yaml} of its name. */
    private static List<AppRender> rootOfOneWave(List<String> names, java.util.function.Function<String, String> yaml) {
        StringBuilder rootYaml = new StringBuilder();
        names.forEach(n -> rootYaml.append(application(n, 0)));
        List<AppRender> tree = new ArrayList<>();
        tree.add(new AppRender(app("root"), "", 0, List.of(set(rootYaml.toString()))));
        names.forEach(n -> tree.add(new AppRender(app(n), "root", 1, List.of(set(yaml.apply(n))))));
        return tree;
    }

    /** Records, per app (its ConfigMap's name), when its sync started writing and when its write landed. */
    private static final class Probe implements SyncListener {
        final Map<String, CyclicBarrier> barriers = new ConcurrentHashMap<>();
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void started(List<ResourceKey> apply, List<ResourceKey> prune) {
            String app = apply.stream().filter(k -> k.kind().equals("ConfigMap")).findFirst().orElseThrow().name().substring(3);
            threads.add(Thread.currentThread().getName());
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            events.add("start " + app);
            CyclicBarrier b = barriers.get(app);
            if (b != null) {
                try {
                    // every app of the wave must get here before any goes on: one at a time, the first waits for ever
                    b.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    problems.add(app + " never met the other apps of its wave: " + e);
                }
            }
        }

        @Override
        public void applied(ObjectResult result) {
            if (result.key().kind().equals("ConfigMap")) {
                events.add("done " + result.key().name().substring(3));
                active.decrementAndGet();
            }
        }

        int index(String event) {
            return events.indexOf(event);
        }
    }

    @Test
    void theAppsOfAWaveSyncTogetherAndTheNextWaveWaitsForTheWholeEarlierWave() {
        // root -> a (wave 0, an app of apps with a1), b (wave 0), c (wave 1): a, b together; c after a, a1 and b
        String rootYaml = application("a", 0) + application("b", 0) + application("c", 1);
        List<AppRender> tree = List.of(
                new AppRender(app("root"), "", 0, List.of(set(rootYaml))),
                new AppRender(app("a"), "root", 1, List.of(set(application("a1", 0) + configMap("a")))),
                leaf("a1", "a", 2),
                leaf("b", "root", 1),
                leaf("c", "root", 1));
        Probe probe = new Probe();
        CyclicBarrier wave0 = new CyclicBarrier(2);
        probe.barriers.put("a", wave0);
        probe.barriers.put("b", wave0);
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncOptions shared = SyncOptions.builder("apps").namespace("default").listener(probe).build();

            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster)).sync(tree, shared, false, 4);

            assertThat(probe.problems).isEmpty();
            assertThat(out).extracting(AppTreeSync.AppSync::app).containsExactly("root", "a", "a1", "b", "c");
            assertThat(out).extracting(AppTreeSync.AppSync::status).containsExactly("Skipped", "Synced", "Synced", "Synced", "Synced");
            assertThat(probe.index("start c")).isGreaterThan(probe.index("done a")).isGreaterThan(probe.index("done a1"))
                    .isGreaterThan(probe.index("done b"));
            assertThat(probe.index("start a1")).isGreaterThan(probe.index("done a"));
            // each app's result counts its own requests, not those of the app beside it (c ran alone; the first app
            // of all may also have created the inventory namespace)
            long alone = out.get(4).result().map(SyncResult::writes).orElseThrow();
            assertThat(alone).isPositive();
            assertThat(List.of(out.get(1), out.get(3))).allSatisfy(a -> assertThat(a.result().map(SyncResult::writes).orElseThrow())
                    .as(a.app()).isBetween(alone, alone + 1));
        }
    }

    @Test
    void noMoreAppsRunAtOnceThanTheBoundAndOneSyncsInTreeOrder() {
        List<AppRender> tree = rootOfOneWave(List.of("p", "q", "r", "s"), AppTreeConcurrencyTest::configMap);
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            Probe two = new Probe();
            CyclicBarrier pairs = new CyclicBarrier(2);
            List.of("p", "q", "r", "s").forEach(n -> two.barriers.put(n, pairs));
            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster))
                    .sync(tree, SyncOptions.builder("apps").namespace("default").listener(two).build(), false, 2);
            assertThat(two.problems).isEmpty();
            assertThat(out).extracting(AppTreeSync.AppSync::status).containsExactly("Skipped", "Synced", "Synced", "Synced", "Synced");
            assertThat(two.maxActive.get()).isEqualTo(2);
            assertThat(two.threads).hasSize(2);

            // one at a time, in tree order, on the caller's thread
            Probe one = new Probe();
            new AppTreeSync(new SyncEngine(cluster)).sync(tree, SyncOptions.builder("apps").namespace("default").listener(one).build(), false, 1);
            assertThat(one.events).containsExactly("start p", "done p", "start q", "done q", "start r", "done r", "start s", "done s");
            assertThat(one.maxActive.get()).isEqualTo(1);
            assertThat(new HashSet<>(one.threads)).containsExactly(Thread.currentThread().getName());
        }
    }

    @Test
    void ofTheAppsWhoseTurnComesTogetherTheLargestStartFirst() {
        // a wave ends with its slowest app: started last, the largest would keep the next wave waiting
        Map<String, Integer> extra = Map.of("p", 0, "q", 3, "r", 1, "s", 2);
        List<AppRender> tree = rootOfOneWave(List.of("p", "q", "r", "s"), n -> {
            StringBuilder yaml = new StringBuilder(configMap(n));
            for (int k = 0; k < extra.get(n); k++) {
                yaml.append("---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa").append(k).append("-").append(n).append("}\n");
            }
            return yaml.toString();
        });
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            Probe probe = new Probe();
            CyclicBarrier largest = new CyclicBarrier(2); // q and s both start before either goes on: nothing else started first
            probe.barriers.put("q", largest);
            probe.barriers.put("s", largest);
            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster))
                    .sync(tree, SyncOptions.builder("apps").namespace("default").listener(probe).build(), false, 2);
            assertThat(probe.problems).isEmpty();
            assertThat(out).extracting(AppTreeSync.AppSync::app).containsExactly("root", "p", "q", "r", "s");
            assertThat(out).extracting(AppTreeSync.AppSync::status).containsExactly("Skipped", "Synced", "Synced", "Synced", "Synced");
            assertThat(probe.events.stream().filter(e -> e.startsWith("start")).limit(2)).containsExactlyInAnyOrder("start q", "start s");
        }
    }

    @Test
    void aFailedAppDoesNotStopItsWaveNorTheNextWave() {
        String rootYaml = application("bad", 0) + application("good", 0) + application("later", 1);
        List<AppRender> tree = List.of(
                new AppRender(app("root"), "", 0, List.of(set(rootYaml))),
                new AppRender(app("bad"), "root", 1, List.of(set("apiVersion: nowhere.io/v1\nkind: Ghost\nmetadata: {name: boo}\n"))),
                leaf("good", "root", 1),
                leaf("later", "root", 1));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster))
                    .sync(tree, SyncOptions.builder("apps").namespace("default").build(), false, 4);
            assertThat(out).extracting(AppTreeSync.AppSync::status).containsExactly("Skipped", "Refused", "Synced", "Synced");
            assertThat(out.get(1).error()).contains("unknown kind Ghost");
        }
    }

    /** The apps of a run share one LIST per kind and one of the inventories, instead of one per app and kind. */
    @Test
    void theAppsOfARunListEachKindOnceAndTheirInventoriesOnce() {
        StringBuilder rootYaml = new StringBuilder();
        List<AppRender> tree = new ArrayList<>();
        List<String> names = List.of("a", "b", "c", "d", "e", "f");
        names.forEach(n -> rootYaml.append(application(n, 0)));
        tree.add(new AppRender(app("root"), "", 0, List.of(set(rootYaml.toString()))));
        for (String n : names) {
            tree.add(new AppRender(app(n), "root", 1, List.of(set(configMap(n) + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: s-" + n
                    + "}\nstringData: {k: v}\n"))));
        }
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncOptions shared = SyncOptions.builder("apps").namespace("default").build();
            assertThat(new AppTreeSync(new SyncEngine(cluster)).sync(tree, shared, false, 4)).allSatisfy(a -> assertThat(a.succeeded()).isTrue());
            kube.requests().reset();
            List<AppTreeSync.AppSync> again = new AppTreeSync(new SyncEngine(cluster)).sync(tree, shared, false, 4);
            assertThat(again).allSatisfy(a -> assertThat(a.succeeded()).isTrue());
            assertThat(again.subList(1, 7)).allSatisfy(a -> assertThat(a.result().orElseThrow().writes()).isZero());
            // ConfigMap and Secret across namespaces, and the inventories: 3, where each app listing its own would make 6 x 2 + 6 GETs
            assertThat(kube.requests().count("list")).as(kube.requests().snapshot().toString()).isEqualTo(3);
        }
    }

    /**
     * The LISTs the whole tree needs start before its first wave: the Secrets only the second wave
     * applies are listed while the first wave's app is still writing (a sync of one app lists all its
     * kinds at once; a tree listing each kind only when an app first needs it put one LIST after the
     * other on its waves' path). A kind whose CRD the run itself brings is listed once it is served.
     */
    @Test
    void aTreeListsTheKindsOfItsLaterWavesBeforeItsFirstWaveWrites() {
        String crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n"
                + "  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets, singular: widget}\n"
                + "  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object,"
                + " x-kubernetes-preserve-unknown-fields: true}}}]\n";
        List<AppRender> tree = List.of(
                new AppRender(app("root"), "", 0, List.of(set(application("first", 0) + application("later", 1)))),
                new AppRender(app("first"), "root", 1, List.of(set(configMap("first") + "---\n" + crd))),
                new AppRender(app("later"), "root", 1, List.of(set("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n"
                        + "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1}\n"))));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            long[] listsWhileFirstWrote = {-1};
            SyncListener pauseFirst = new SyncListener() {
                @Override
                public void started(List<ResourceKey> apply, List<ResourceKey> prune) {
                    if (apply.stream().anyMatch(k -> k.name().equals("cm-first"))) {
                        try {
                            // ConfigMaps, CRDs and the inventories (the first app's own), and the Secrets the later app applies
                            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                                    .until(() -> kube.requests().count("list") >= 4);
                        } catch (org.awaitility.core.ConditionTimeoutException e) {
                            // recorded below: the assertion names what was listed
                        }
                        listsWhileFirstWrote[0] = kube.requests().count("list");
                    }
                }
            };
            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster))
                    .sync(tree, SyncOptions.builder("apps").namespace("default").listener(pauseFirst).build(), false, 4);
            assertThat(out).extracting(AppTreeSync.AppSync::status).containsExactly("Skipped", "Synced", "Synced");
            assertThat(listsWhileFirstWrote[0]).as("LISTs made before the first wave's app wrote").isEqualTo(4);
            assertThat(kube.requests().count("list")).as("one LIST per kind (the Widgets once their CRD is served), one of the inventories,"
                    + " one for the CRD's wait, one per app of its stored manifests (collected after its record): "
                    + kube.requests().snapshot()).isEqualTo(4 + 1 + 1 + 2);
        }
    }

    /**
     * Each app's view of the run's shared LISTs holds what it tracks: an app of a later wave whose set lost an object prunes
     * exactly that object, its in-sync sibling (done ahead of its turn) and the other app's objects stay, and an app whose
     * set is now empty is refused, never pruned to nothing.
     */
    @Test
    void aLaterWaveAppPrunesOnlyWhatItsSetLostAndAnEmptiedOneIsRefused() {
        String rootYaml = application("a", 0) + application("b", 1) + application("c", 1);
        java.util.function.Function<String, String> cms = names -> java.util.Arrays.stream(names.split(","))
                .map(n -> "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + n + "}\ndata: {a: b}\n").reduce((x, y) -> x + "---\n" + y).orElse("");
        java.util.function.BiFunction<String, String, AppRender> child = (name, yaml) -> new AppRender(app(name), "root", 1, List.of(set(yaml)));
        AppRender root = new AppRender(app("root"), "", 0, List.of(set(rootYaml)));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncOptions shared = SyncOptions.builder("apps").namespace("default").prune(true).build();
            AppTreeSync sync = new AppTreeSync(new SyncEngine(cluster));
            assertThat(sync.sync(List.of(root, child.apply("a", cms.apply("a1,a2")), child.apply("b", cms.apply("b1,b2")),
                    child.apply("c", cms.apply("c1"))), shared, false, 4)).allSatisfy(x -> assertThat(x.succeeded()).isTrue());

            List<AppTreeSync.AppSync> out = sync.sync(List.of(root, child.apply("a", cms.apply("a1,a2")), child.apply("b", cms.apply("b1")),
                    child.apply("c", "# emptied\n")), shared, false, 4);
            assertThat(out).extracting(AppTreeSync.AppSync::status).containsExactly("Skipped", "Synced", "Synced", "Refused");
            assertThat(out.get(2).result().orElseThrow().objects()).filteredOn(r -> r.action() == io.jenkins.plugins.gitops.sync.Action.PRUNED)
                    .extracting(r -> r.key().name()).containsExactly("b2");
            assertThat(out.get(1).result().orElseThrow().writes()).isZero();
            assertThat(out.get(3).error()).contains("rendered no objects: refused, nothing written");
            assertThat(cluster.client().configMaps().inNamespace("default").list().getItems()).extracting(cm -> cm.getMetadata().getName())
                    .contains("a1", "a2", "b1", "c1").doesNotContain("b2");
        }
    }
}
