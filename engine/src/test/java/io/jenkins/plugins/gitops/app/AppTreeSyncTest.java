package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppTreeSyncTest {

    private static App app(String name, String namespace, String... syncOptions) {
        return new App(name, "argocd", List.of(new AppSource("https://git.example.com/r.git", name, "main", "", "", null)),
                new Destination("https://kubernetes.default.svc", "", namespace), List.of(syncOptions));
    }

    private static RenderedSet set(String yaml) {
        return RenderedSet.of(ManifestParser.parse(yaml, "t.yaml"), "c1", "test", "");
    }

    @Test
    void theApplicationsSyncOptionsApplyToItsOwnSyncAndSharedChoicesToAll() {
        SyncOptions shared = SyncOptions.builder("apps").namespace("default").prune(true).initiator("ci").build();
        SyncOptions o = AppTreeSync.options(app("kfp", "kubeflow", "CreateNamespace=true", "PruneLast=true",
                "PrunePropagationPolicy=background", "Replace=true"), shared, "kubeflow");
        assertThat(o.app()).isEqualTo("kfp");
        assertThat(o.namespace()).isEqualTo("kubeflow");
        assertThat(o.createNamespace() && o.pruneLast() && o.replace() && o.prune()).isTrue();
        assertThat(o.prunePropagationPolicy()).isEqualTo("Background");
        assertThat(o.initiator()).isEqualTo("ci");
        SyncOptions plain = AppTreeSync.options(app("web", "shop"), shared, "shop");
        assertThat(plain.createNamespace() || plain.pruneLast() || plain.replace()).isFalse();
    }

    @Test
    void parentsWithOnlyApplicationsAreSkippedAndAFailedAppDoesNotStopItsSiblings() {
        String child = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\n"
                + "spec: {source: {repoURL: 'https://git.example.com/r.git', path: web}, destination: {namespace: shop}}\n";
        List<AppRender> tree = List.of(
                new AppRender(app("root", "argocd"), "", 0, List.of(set(child))),
                new AppRender(app("broken", "shop", "CreateNamespace=true"), "root", 1,
                        List.of(set("apiVersion: nowhere.io/v1\nkind: Ghost\nmetadata: {name: boo}\n"))),
                new AppRender(app("web", "shop", "CreateNamespace=true"), "root", 1,
                        List.of(set("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n"))));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncOptions shared = SyncOptions.builder("apps").namespace("default").build();

            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster)).sync(tree, shared, false);

            assertThat(out).extracting(AppTreeSync.AppSync::app).containsExactly("root", "broken", "web");
            assertThat(out.get(0).result()).isEmpty();
            assertThat(out.get(1).succeeded()).isFalse();
            assertThat(out.get(1).error()).contains("Ghost.nowhere.io/boo: unknown kind Ghost");
            assertThat(out.get(2).succeeded()).isTrue();
            assertThat(out.get(2).result().orElseThrow().count(Action.CREATED)).isEqualTo(2); // the namespace and the ConfigMap
            assertThat(new SyncEngine(cluster).history(shared.withApp("web"))).hasSize(1);
        }
    }

    /** An app whose sources now render nothing is refused, never synced empty (and pruned), unless allowEmpty. */
    @Test
    void anAppThatRendersNothingIsRefusedUnlessAllowEmpty() {
        AppRender before = new AppRender(app("web", "default"), "", 0,
                List.of(set("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n")));
        AppRender emptied = new AppRender(app("web", "default"), "", 0, List.of(set("# gone\n")));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncOptions shared = SyncOptions.builder("apps").namespace("default").prune(true).build();
            AppTreeSync sync = new AppTreeSync(new SyncEngine(cluster));
            assertThat(sync.sync(List.of(before), shared, false).get(0).succeeded()).isTrue();

            AppTreeSync.AppSync refused = sync.sync(List.of(emptied), shared, false).get(0);
            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.error()).startsWith("Application web: ").contains(" rendered no objects: refused, nothing written");
            assertThat(cluster.client().configMaps().inNamespace("default").withName("web").get()).isNotNull();

            AppTreeSync.AppSync allowed = sync.sync(List.of(emptied), shared.toBuilder().allowEmpty(true).build(), false).get(0);
            assertThat(allowed.succeeded()).isTrue();
            assertThat(allowed.result().orElseThrow().count(Action.PRUNED)).isEqualTo(1);
            assertThat(cluster.client().configMaps().inNamespace("default").withName("web").get()).isNull();
        }
    }

    /** The same guard when apps sync side by side (the CLI's and the step's default): the emptied app is refused, its sibling syncs. */
    @Test
    void anAppThatRendersNothingIsRefusedInAParallelRunToo() {
        String web = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n";
        String api = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\ndata: {a: b}\n";
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncOptions shared = SyncOptions.builder("apps").namespace("default").prune(true).build();
            AppTreeSync sync = new AppTreeSync(new SyncEngine(cluster));
            List<AppTreeSync.AppSync> first = sync.sync(List.of(new AppRender(app("web", "default"), "", 0, List.of(set(web))),
                    new AppRender(app("api", "default"), "", 0, List.of(set(api)))), shared, false, 4);
            assertThat(first).allMatch(AppTreeSync.AppSync::succeeded);

            List<AppTreeSync.AppSync> out = sync.sync(List.of(new AppRender(app("web", "default"), "", 0, List.of(set("# gone\n"))),
                    new AppRender(app("api", "default"), "", 0, List.of(set(api)))), shared, false, 4);
            AppTreeSync.AppSync refused = out.stream().filter(a -> a.app().equals("web")).findFirst().orElseThrow();
            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.error()).startsWith("Application web: ").contains(" rendered no objects: refused, nothing written");
            assertThat(out.stream().filter(a -> a.app().equals("api")).findFirst().orElseThrow().succeeded()).isTrue();
            assertThat(cluster.client().configMaps().inNamespace("default").withName("web").get()).isNotNull();
            assertThat(cluster.client().configMaps().inNamespace("default").withName("api").get()).isNotNull();
        }
    }

    @Test
    void anAppThatCouldNotBeRenderedOrRenderedNothingIsReportedAndTheOthersSyncThenATableSumsUp() {
        List<AppRender> tree = List.of(
                new AppRender(app("lost", "lost"), "", 0, List.of(), "Application lost: https://git.invalid/r.git: unknown host git.invalid", List.of()),
                new AppRender(app("jsonnet", "jsonnet"), "", 0, List.of(set(""))),
                new AppRender(app("web", "shop", "CreateNamespace=true"), "", 0,
                        List.of(set("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n"))));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster)).sync(tree, SyncOptions.builder("apps").namespace("default").build(), false);

            assertThat(out).extracting(AppTreeSync.AppSync::status).containsExactly("Refused", "Refused", "Synced");
            assertThat(out.get(0).error()).isEqualTo("Application lost: https://git.invalid/r.git: unknown host git.invalid");
            assertThat(out.get(1).error()).isEqualTo("Application jsonnet: https://git.example.com/r.git@main:jsonnet rendered no objects: refused, nothing written (a sync of an empty set with prune would delete the whole app); allow it with allowEmpty (--allow-empty)");
            assertThat(AppTreeSync.table(tree, out).lines().toList()).containsExactly(
                    "APP      REVISION  RESULT   COUNTS                                       MESSAGE",
                    "lost     -         Refused  -                                            Application lost: https://git.invalid/r.git: unknown host git.invalid",
                    "jsonnet  c1        Refused  -                                            Application jsonnet: https://git.example.com/r.git@main:jsonnet rendered no objects: refused, nothing written (a sync of an empty set with prune would delete the whole app); allow it with allowEmpty (--allow-empty)",
                    "web      c1        Synced   2 created, 0 configured, 0 pruned, 0 failed  -",
                    "3 app(s), 2 failed");
        }
    }

    @Test
    void anAppBoundForAnotherClusterIsRefusedAndNeverDeployedHere() {
        App elsewhere = new App("remote", "argocd", List.of(new AppSource("https://git.example.com/r.git", "x", "main", "", "", null)),
                new Destination("https://prod.example.com:6443", "", "shop"), List.of("CreateNamespace=true"));
        App named = new App("named", "argocd", List.of(new AppSource("https://git.example.com/r.git", "x", "main", "", "", null)),
                new Destination("", "staging", "shop"), List.of("CreateNamespace=true"));
        List<AppRender> tree = List.of(
                new AppRender(elsewhere, "", 0, List.of(set("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: remote}\n"))),
                new AppRender(named, "", 0, List.of(set("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: named}\n"))));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            var here = AppTreeSync.cluster(cluster.client().getConfiguration().getMasterUrl(), java.util.Set.of("staging"));

            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster), here)
                    .sync(tree, SyncOptions.builder("apps").namespace("default").build(), false);

            assertThat(out.get(0).succeeded()).isFalse();
            assertThat(out.get(0).error()).startsWith("destination https://prod.example.com:6443 is another cluster");
            assertThat(out.get(1).succeeded()).as("a destination name this cluster goes by").isTrue();
            try (var client = kube.client()) {
                assertThat(client.configMaps().inNamespace("shop").withName("remote").get()).isNull();
                assertThat(client.configMaps().inNamespace("shop").withName("named").get()).isNotNull();
            }
        }
        assertThat(AppTreeSync.cluster("https://k:6443/", java.util.Set.of()).test(new Destination("https://k:6443", "", ""))).isTrue();
        assertThat(AppTreeSync.cluster("https://k:6443", java.util.Set.of()).test(new Destination("", "in-cluster", ""))).isTrue();
    }
}
