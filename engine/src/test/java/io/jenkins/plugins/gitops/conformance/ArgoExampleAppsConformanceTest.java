package io.jenkins.plugins.gitops.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.app.App;
import io.jenkins.plugins.gitops.app.AppExpander;
import io.jenkins.plugins.gitops.app.AppRender;
import io.jenkins.plugins.gitops.app.AppSource;
import io.jenkins.plugins.gitops.app.AppTreeSync;
import io.jenkins.plugins.gitops.app.Destination;
import io.jenkins.plugins.gitops.app.RepoRewrites;
import io.jenkins.plugins.gitops.health.Health;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.source.Checkout;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.source.MirrorCache;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import io.jenkins.plugins.gitops.sync.Tracking;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.Json;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.LoadBalancerSimulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * argoproj/argocd-example-apps, the examples Argo CD's own documentation uses, against the table of
 * what Argo CD does with each ({@code ../shared/workloads/argocd-example-apps/README.md}). The corpus
 * is read in place and committed to a temporary Git repository served by the testkit's JGit HTTP
 * server (its {@code master} branch, as the Applications ask); the {@code apps} chart (app of apps)
 * is the root, its Applications pointed at that server with a {@link RepoRewrites} rule (they name
 * github.com), and the whole tree is synced once into one emulator with the controller simulators.
 * Every assertion reads the emulator's watch events (ADDED/MODIFIED/DELETED in commit order), never
 * resourceVersions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArgoExampleAppsConformanceTest {

    private static final String UPSTREAM = "https://github.com/argoproj/argocd-example-apps";

    /** Every watch event the emulator commits, as "TYPE Kind/ns/name", in commit order. */
    static final class Recorder extends Controller {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Map<String, ObjectNode> live = Collections.synchronizedMap(new LinkedHashMap<>());

        @Override
        protected void onEvent(WatchEvent e) {
            String kind = e.object().path("kind").asText(e.resourceType().kind());
            String id = kind + "/" + e.object().path("metadata").path("namespace").asText("") + "/" + e.object().path("metadata").path("name").asText();
            events.add(e.type() + " " + id);
            if (e.type().equals("DELETED")) {
                live.remove(id);
            } else {
                live.put(id, e.object());
            }
        }

        /** The events of one namespace, in order. */
        List<String> in(String namespace) {
            synchronized (events) {
                return events.stream().filter(e -> e.split(" ")[1].split("/")[1].equals(namespace)).toList();
            }
        }

        /** The index of the first event of this type for an object whose id starts with {@code prefix}. */
        int first(String namespace, String type, String prefix) {
            List<String> ev = in(namespace);
            for (int i = 0; i < ev.size(); i++) {
                if (ev.get(i).startsWith(type + " " + prefix)) {
                    return i;
                }
            }
            return -1;
        }
    }

    Path work;
    GitServer server;
    KubeEmulator kube;
    Cluster cluster;
    final Recorder recorder = new Recorder();
    String url;
    RenderService renderer;
    List<AppRender> tree;
    final Map<String, AppTreeSync.AppSync> synced = new LinkedHashMap<>();

    static Path corpus() {
        Path dir = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("workloads/argocd-example-apps/upstream").normalize();
        assumeTrue(Files.isDirectory(dir.resolve("apps")), "skipped: the argocd-example-apps corpus is not at " + dir
                + " (../shared/workloads/argocd-example-apps beside the checkout)");
        return dir;
    }

    @BeforeAll
    void syncTheTree() throws Exception {
        Path corpus = corpus();
        assumeTrue(Kubectl.find().isPresent(), "skipped: kubectl (for kustomize) is not on the PATH");
        work = Files.createTempDirectory("argocd-example-apps-");
        try (GitRepoBuilder git = GitRepoBuilder.init(work.resolve("repo")); Stream<Path> files = Files.walk(corpus)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                git.write(corpus.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
            git.commit("argocd-example-apps at 0d521c6");
            git.branch("master");
            server = GitServer.start();
            url = server.serve("argocd-example-apps", work.resolve("repo/.git"));
        }
        renderer = new RenderService(new MirrorCache(work.resolve("mirrors"), line -> { }), RenderCache.inMemory());
        // the apps chart as the root Application a user would create for it
        App root = new App("example.apps", "argocd", List.of(new AppSource(UPSTREAM, "apps", "master", "", "", RenderSpec.auto()
                .withHelm(HelmOptions.release("example.apps").withNamespace("argocd")))), new Destination("https://kubernetes.default.svc", "", "argocd"),
                List.of());
        tree = new AppExpander(renderer, u -> GitCredentials.none(), 5).withRepoRewrites(RepoRewrites.parse(List.of(UPSTREAM + "=" + url))).expand(root);

        List<Controller> controllers = new ArrayList<>(Simulators.all(new Failures()).stream()
                .filter(c -> !(c instanceof LoadBalancerSimulator)).toList()); // no load balancer: sock-shop's Ingress gets no address
        controllers.add(recorder);
        kube = KubeEmulator.builder().controllers(controllers).start();
        // blue-green needs Argo Rollouts' CRD, as a cluster running that example has it: installed and
        // served (Established, in discovery) before the engine first looks at the API
        kube.apply(Json.readObject(ROLLOUT_CRD), "argo-rollouts");
        try (var client = kube.client()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.getApiResources("argoproj.io/v1alpha1") != null
                    && client.getApiResources("argoproj.io/v1alpha1").getResources().stream().anyMatch(r -> r.getKind().equals("Rollout")));
        }
        cluster = Cluster.of(kube.config());
        SyncOptions shared = SyncOptions.builder("example.apps").tracking(Tracking.ARGOCD).timeout(Duration.ofSeconds(20)).initiator("conformance").build();
        for (AppTreeSync.AppSync a : new AppTreeSync(new SyncEngine(cluster)).sync(tree, shared, false)) {
            synced.put(a.app(), a);
        }
    }

    @AfterAll
    void close() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (kube != null) {
            kube.close();
        }
        if (server != null) {
            server.close();
        }
        if (work != null) {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private SyncResult result(String example) {
        SyncResult r = attempt(example);
        assertThat(r.succeeded()).as("example.%s: %s", example, r.table()).isTrue();
        return r;
    }

    /** The sync of an example, succeeded or not (its objects were applied). */
    private SyncResult attempt(String example) {
        AppTreeSync.AppSync a = synced.get("example." + example);
        assertThat(a).as("example.%s in the tree", example).isNotNull();
        assertThat(a.error()).as("example.%s refused", example).isEmpty();
        assertThat(a.result()).as("example.%s synced", example).isPresent();
        return a.result().get();
    }

    /** The objects a sync applied (not hooks), as Kind/name. */
    private static List<String> applied(SyncResult r) {
        return r.objects().stream().filter(o -> !o.hook() && o.action() != Action.PRUNED && !o.key().kind().equals("Namespace"))
                .map(o -> o.key().kind() + "/" + o.key().name()).sorted().toList();
    }

    private static List<String> hooks(SyncResult r) {
        return r.objects().stream().filter(ObjectResult::hook).map(o -> o.phase().display() + " " + o.key().kind() + "/" + o.key().name()).toList();
    }

    /** The live health of the app's objects, worst first, as Argo CD aggregates it (hooks and kinds without a rule left out). */
    private Health appHealth(String namespace) {
        return appHealth(namespace, "");
    }

    /** The same without the objects whose id (Kind/ns/name) is {@code except}. */
    private Health appHealth(String namespace, String except) {
        HealthAssessor assessor = new HealthAssessor();
        List<Health> healths = new ArrayList<>();
        synchronized (recorder.live) {
            recorder.live.forEach((id, o) -> {
                if (id.split("/")[1].equals(namespace) && !id.equals(except) && !o.path("metadata").path("annotations").has("argocd.argoproj.io/hook")
                        && !o.path("metadata").path("annotations").has("helm.sh/hook") && o.path("metadata").path("ownerReferences").isEmpty()) {
                    assessor.assess(KubeObject.of(o)).ifPresent(healths::add);
                }
            });
        }
        return HealthAssessor.aggregate(healths);
    }

    /** Where in the namespace's events an object was first created, in commit order. */
    private int added(String namespace, String kindSlashName) {
        int i = recorder.first(namespace, "ADDED", kindSlashName.replaceFirst("/", "/" + namespace + "/"));
        assertThat(i).as("ADDED %s in %s; events: %s", kindSlashName, namespace, recorder.in(namespace)).isNotNegative();
        return i;
    }

    // ---- apps: the app of apps -------------------------------------------------------------

    @Test
    void appsTheRootRendersFourteenApplicationsAndEachChildIsItsOwnApp() {
        assertThat(tree.get(0).objects()).hasSize(14).allSatisfy(o -> assertThat(o.kind()).isEqualTo("Application"));
        assertThat(tree).extracting(r -> r.app().name()).hasSize(15).contains("example.guestbook", "example.sock-shop", "example.plugin-nix");
        assertThat(tree.subList(1, tree.size())).allSatisfy(r -> assertThat(r.app().sources().get(0).repoURL()).isEqualTo(url));
        // the plugins/ folder is not in the corpus, and config management plugins are not run: each is its own error
        for (String plugin : List.of("plugin-kasane", "plugin-kustomized-helm", "plugin-nix")) {
            assertThat(synced.get("example." + plugin).error()).startsWith("Application example." + plugin + ": ").contains("plugin");
        }
        // their siblings synced
        assertThat(synced.get("example.guestbook").succeeded()).isTrue();
        assertThat(synced.get("example.sync-waves").succeeded()).isTrue();
        String table = AppTreeSync.table(tree, new ArrayList<>(synced.values()));
        assertThat(table).contains("example.plugin-nix").contains("Refused").contains("example.guestbook");
    }

    // ---- guestbook -------------------------------------------------------------------------

    @Test
    void guestbookTwoObjectsHealthy() {
        SyncResult r = result("guestbook");
        assertThat(applied(r)).containsExactly("Deployment/guestbook-ui", "Service/guestbook-ui");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(appHealth("guestbook").status()).isEqualTo(HealthStatus.HEALTHY));
    }

    @Test
    void guestbookServiceBeforeDeploymentFromWatchEvents() {
        result("guestbook");
        assertThat(added("guestbook", "Service/guestbook-ui")).isLessThan(added("guestbook", "Deployment/guestbook-ui"));
    }

    // ---- helm-guestbook --------------------------------------------------------------------

    @Test
    void helmGuestbookIsReleasedUnderItsReleaseNameWithoutNotes() throws Exception {
        SyncResult r = result("helm-guestbook");
        assertThat(applied(r)).containsExactly("Deployment/helm-guestbook", "Service/helm-guestbook");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(appHealth("helm-guestbook").status()).isEqualTo(HealthStatus.HEALTHY));
        // values-production.yaml makes the Service a LoadBalancer
        List<RenderedObject> production = renderer.render(Checkout.ofFolder(work.resolve("repo")), "helm-guestbook",
                new RenderSpec(RenderSpec.Tool.HELM, null, HelmOptions.release("helm-guestbook").withValueFiles(List.of("values-production.yaml")), null))
                .set().objects();
        assertThat(production).extracting(o -> o.object().kind() + "/" + o.object().name()).containsExactlyInAnyOrder("Service/helm-guestbook",
                "Deployment/helm-guestbook");
        assertThat(production.stream().filter(o -> o.object().kind().equals("Service")).findFirst().orElseThrow().object().at("/spec/type").asText())
                .isEqualTo("LoadBalancer");
    }

    // ---- helm-hooks (a folder of objects annotated helm.sh/hook) -----------------------------

    @Test
    void helmHooksAreArgoHooksInTheirPhasesAndWeights() {
        SyncResult r = result("helm-hooks");
        assertThat(applied(r)).containsExactly("ReplicaSet/frontend", "Service/frontend");
        assertThat(hooks(r)).hasSize(3).anySatisfy(h -> assertThat(h).startsWith("PreSync Job/upgrade-sql-schema"))
                .contains("PreSync Job/maint-page-up", "PostSync Job/maint-page-down");
        int schema = recorder.first("helm-hooks", "ADDED", "Job/helm-hooks/upgrade-sql-schema");
        assertThat(schema).as("events: %s", recorder.in("helm-hooks")).isNotNegative();
        assertThat(schema).isLessThan(added("helm-hooks", "Job/maint-page-up"));
        assertThat(added("helm-hooks", "Job/maint-page-up")).isLessThan(added("helm-hooks", "ReplicaSet/frontend"));
        assertThat(added("helm-hooks", "ReplicaSet/frontend")).as("Service frontend has hook-weight 2: wave 2")
                .isLessThan(added("helm-hooks", "Service/frontend"));
        assertThat(added("helm-hooks", "Service/frontend")).isLessThan(added("helm-hooks", "Job/maint-page-down"));
    }

    @Test
    void helmHooksAsTemplatesOfARealChartRenderFiveObjects() throws Exception {
        Path chart = Files.createDirectories(work.resolve("hook-chart/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: helm-hooks\nversion: 0.1.0\n");
        String manifests = Files.readString(corpus().resolve("helm-hooks/manifests.yaml"));
        int i = 0;
        for (String doc : manifests.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                Files.writeString(chart.resolve("doc" + i++ + ".yaml"), doc);
            }
        }
        List<RenderedObject> objects = renderer.render(Checkout.ofFolder(work.resolve("hook-chart")), "",
                new RenderSpec(RenderSpec.Tool.HELM, null, HelmOptions.release("helm-hooks"), null)).set().objects();
        assertThat(objects).hasSize(5);
    }

    // ---- helm-dependency -------------------------------------------------------------------

    @Test
    void helmDependencyOfflineNamesTheDependencyAndItsRepository() {
        AppTreeSync.AppSync a = synced.get("example.helm-dependency");
        assertThat(a.error()).startsWith("Application example.helm-dependency: ").contains("wordpress").contains("https://charts.helm.sh/stable");
    }

    // ---- jsonnet ---------------------------------------------------------------------------

    @Test
    void jsonnetGuestbooksRenderServiceAndDeployment() {
        assertThat(applied(attempt("jsonnet-guestbook"))).containsExactly("Deployment/jsonnet-guestbook-ui", "Service/jsonnet-guestbook-ui");
        assertThat(applied(attempt("jsonnet-guestbook-tla"))).hasSize(2).anySatisfy(o -> assertThat(o).startsWith("Deployment/"))
                .anySatisfy(o -> assertThat(o).startsWith("Service/"));
    }

    @Test
    void jsonnetGuestbooksSyncWithoutWaitingForTheLoadBalancer() {
        result("jsonnet-guestbook");
        result("jsonnet-guestbook-tla");
    }

    // ---- kustomize-guestbook ---------------------------------------------------------------

    @Test
    void kustomizeGuestbookTwoObjectsWithTheNamePrefix() {
        assertThat(applied(result("kustomize-guestbook"))).containsExactly("Deployment/kustomize-guestbook-ui", "Service/kustomize-guestbook-ui");
    }

    // ---- pre-post-sync ---------------------------------------------------------------------

    @Test
    void prePostSyncHooksRunAroundTheHealthyDeploymentAndAreDeletedAfterSuccess() {
        SyncResult r = result("pre-post-sync");
        assertThat(applied(r)).containsExactly("Deployment/pre-post-sync-kustomize-guestbook-ui", "Service/pre-post-sync-kustomize-guestbook-ui");
        assertThat(hooks(r)).containsExactly("PreSync Job/pre-post-sync-before", "PostSync Job/pre-post-sync-after");
        String ns = "pre-post-sync";
        List<String> ev = recorder.in(ns);
        int before = added(ns, "Job/pre-post-sync-before");
        int deployment = added(ns, "Deployment/pre-post-sync-kustomize-guestbook-ui");
        int after = added(ns, "Job/pre-post-sync-after");
        assertThat(before).isLessThan(deployment);
        // the Deployment was reported available (a MODIFIED event with availableReplicas) before the PostSync Job was created
        int available = -1;
        for (int i = deployment; i < ev.size(); i++) {
            if (ev.get(i).equals("MODIFIED Deployment/" + ns + "/pre-post-sync-kustomize-guestbook-ui")) {
                available = i;
            }
            if (i == after) {
                break;
            }
        }
        assertThat(available).as("events: %s", ev).isBetween(deployment + 1, after - 1);
        // HookSucceeded: both deleted after success
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.in(ns))
                .contains("DELETED Job/" + ns + "/pre-post-sync-before", "DELETED Job/" + ns + "/pre-post-sync-after"));
        assertThat(recorder.in(ns).indexOf("DELETED Job/" + ns + "/pre-post-sync-before")).isGreaterThan(before);
    }

    // ---- sync-waves ------------------------------------------------------------------------

    @Test
    void syncWavesRunInPhaseAndWaveOrder() {
        SyncResult r = result("sync-waves");
        assertThat(applied(r)).containsExactly("ReplicaSet/backend", "ReplicaSet/frontend", "Service/backend", "Service/frontend");
        String ns = "sync-waves";
        int schema = recorder.first(ns, "ADDED", "Job/" + ns + "/upgrade-sql-schema");
        assertThat(schema).as("PreSync upgrade-sql-schema (generateName); events: %s", recorder.in(ns)).isNotNegative();
        int wave0 = Math.max(added(ns, "Service/backend"), added(ns, "ReplicaSet/backend"));
        int up = added(ns, "Job/maint-page-up");
        int wave2 = Math.min(added(ns, "Service/frontend"), added(ns, "ReplicaSet/frontend"));
        int down = added(ns, "Job/maint-page-down");
        assertThat(schema).isLessThan(Math.min(added(ns, "Service/backend"), added(ns, "ReplicaSet/backend")));
        assertThat(wave0).isLessThan(up);
        assertThat(up).isLessThan(wave2);
        assertThat(Math.max(added(ns, "Service/frontend"), added(ns, "ReplicaSet/frontend"))).isLessThan(down);
    }

    @Test
    void syncWavesServiceBeforeReplicaSetInsideEachWave() {
        result("sync-waves");
        String ns = "sync-waves";
        assertThat(added(ns, "Service/backend")).isLessThan(added(ns, "ReplicaSet/backend"));
        assertThat(added(ns, "Service/frontend")).isLessThan(added(ns, "ReplicaSet/frontend"));
    }

    // ---- sock-shop -------------------------------------------------------------------------

    @Test
    void sockShopSyncSucceedsWithoutWaitingForTheIngress() {
        result("sock-shop");
    }

    @Test
    void sockShopTwentyNineObjectsAndProgressingWhileTheIngressHasNoAddress() {
        List<String> objects = applied(attempt("sock-shop"));
        assertThat(objects).hasSize(29);
        assertThat(objects.stream().filter(o -> o.startsWith("Deployment/"))).hasSize(14);
        assertThat(objects.stream().filter(o -> o.startsWith("Service/"))).hasSize(14);
        assertThat(objects).contains("Ingress/front-end-ingress");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Health h = appHealth("sock-shop");
            assertThat(h.status()).isEqualTo(HealthStatus.PROGRESSING);
            assertThat(h.message()).isEqualTo("Waiting for a load balancer address");
            // and only because of the Ingress: every Deployment and Service is healthy
            assertThat(appHealth("sock-shop", "Ingress/sock-shop/front-end-ingress").status()).isEqualTo(HealthStatus.HEALTHY);
        });
    }

    @Test
    void sockShopServicesThenDeploymentsThenTheIngress() {
        SyncResult r = attempt("sock-shop");
        String ns = "sock-shop";
        int lastService = -1;
        int firstDeployment = Integer.MAX_VALUE;
        int lastDeployment = -1;
        for (String o : applied(r)) {
            int at = added(ns, o);
            if (o.startsWith("Service/")) {
                lastService = Math.max(lastService, at);
            } else if (o.startsWith("Deployment/")) {
                firstDeployment = Math.min(firstDeployment, at);
                lastDeployment = Math.max(lastDeployment, at);
            }
        }
        assertThat(lastService).isLessThan(firstDeployment);
        assertThat(lastDeployment).isLessThan(added(ns, "Ingress/front-end-ingress"));
    }

    // ---- blue-green ------------------------------------------------------------------------

    @Test
    void blueGreenSyncsWithoutWaitingForTheRollout() {
        SyncResult r = result("blue-green");
        assertThat(applied(r)).containsExactly("Rollout/blue-green-helm-guestbook", "Service/blue-green-helm-guestbook",
                "Service/blue-green-helm-guestbook-preview");
    }

    @Test
    void blueGreenRolloutHealthReadsItsPhase() {
        ObjectNode live = recorder.live.get("Rollout/blue-green/blue-green-helm-guestbook");
        assertThat(live).as("the Rollout was applied").isNotNull();
        ObjectNode rollout = live.deepCopy();
        ((ObjectNode) rollout.with("status")).put("phase", "Paused").put("message", "BlueGreenPause");
        assertThat(new HealthAssessor().assess(KubeObject.of(rollout)).orElseThrow().status()).isEqualTo(HealthStatus.SUSPENDED);
        ((ObjectNode) rollout.with("status")).put("phase", "Degraded").put("message", "ProgressDeadlineExceeded");
        assertThat(new HealthAssessor().assess(KubeObject.of(rollout)).orElseThrow().status()).isEqualTo(HealthStatus.DEGRADED);
        ((ObjectNode) rollout.with("status")).put("phase", "Healthy").remove("message");
        assertThat(new HealthAssessor().assess(KubeObject.of(rollout)).orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);
    }

    private static final String ROLLOUT_CRD = """
            {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
             "metadata": {"name": "rollouts.argoproj.io"},
             "spec": {"group": "argoproj.io", "scope": "Namespaced",
                      "names": {"kind": "Rollout", "listKind": "RolloutList", "plural": "rollouts", "singular": "rollout", "shortNames": ["ro"]},
                      "versions": [{"name": "v1alpha1", "served": true, "storage": true, "subresources": {"status": {}},
                                    "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}}""";
}
