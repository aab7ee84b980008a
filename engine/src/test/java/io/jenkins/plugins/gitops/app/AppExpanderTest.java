package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.source.MirrorCache;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppExpanderTest {

    @TempDir
    Path tmp;
    GitServer server;
    GitRepoBuilder repo;
    String url;

    @BeforeEach
    void setUp() {
        server = GitServer.start().requireLogin("ci", "pw");
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        url = server.serve("deploy", repo.gitDir());
    }

    @AfterEach
    void tearDown() {
        repo.close();
        server.close();
    }

    private String application(String name, String path) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: argocd}
                spec:
                  source: {repoURL: "%s", path: %s, targetRevision: main}
                  destination: {server: "https://kubernetes.default.svc", namespace: %s}
                """.formatted(name, url, path, name);
    }

    private List<AppRender> expandRoot() {
        AppExpander expander = new AppExpander(new RenderService(new MirrorCache(tmp.resolve("repos"), line -> { }), RenderCache.inMemory()),
                u -> GitCredentials.usernamePassword("ci", "pw"), 10);
        App root = new App("root", "argocd", List.of(new AppSource(url, "apps", "main", "", "", RenderSpec.auto())), null, List.of());
        return expander.expand(root);
    }

    @Test
    void followsAppOfAppsDepthFirstInRenderOrder() {
        repo.write("apps/a.yaml", application("cert-manager", "components/cert")).write("apps/b.yaml", application("web", "components/web"))
                .write("components/cert/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cert}\n")
                .write("components/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
                .commit("apps");

        List<AppRender> tree = expandRoot();

        assertThat(tree).extracting(r -> r.app().name()).containsExactly("root", "cert-manager", "web");
        assertThat(tree.get(1).parent()).isEqualTo("root");
        assertThat(tree.get(1).depth()).isEqualTo(1);
        assertThat(tree.get(2).objects()).extracting(o -> o.name()).containsExactly("web");
    }

    @Test
    void childrenFollowTheirApplicationsSyncWavesThenNames() {
        String early = application("zz-crds", "components/crds").replace("metadata: {name: zz-crds, namespace: argocd}",
                "metadata: {name: zz-crds, namespace: argocd, annotations: {argocd.argoproj.io/sync-wave: \"-1\"}}");
        repo.write("apps/a.yaml", application("web", "components/web")).write("apps/b.yaml", application("api", "components/web"))
                .write("apps/c.yaml", early)
                .write("components/crds/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: crds}\n")
                .write("components/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
                .commit("waves");

        assertThat(expandRoot()).extracting(r -> r.app().name()).containsExactly("root", "zz-crds", "api", "web");
    }

    @Test
    void aCycleIsAnErrorOfTheAppThatClosesItNamingTheChain() {
        repo.write("apps/child.yaml", application("child", "loop")).write("loop/back.yaml", application("child", "loop")).commit("loop");

        List<AppRender> tree = expandRoot();

        assertThat(tree).extracting(r -> r.app().name()).containsExactly("root", "child", "child");
        assertThat(tree.get(1).failed()).isFalse();
        assertThat(tree.get(2).error()).startsWith("Application child: app-of-apps cycle: root (").contains("-> child (");
    }

    @Test
    void aChildThatCannotBeRenderedIsReportedWithItsNameAndItsSiblingsStillRender() {
        String unreachable = application("lost", "x").replace(url, server.url("nowhere"));
        String bad = application("bad", "components/web").replace("  source:", "  source: {repoURL: r, path: p, helm: {fileParameters: []}}\n  unused:");
        repo.write("apps/a.yaml", unreachable).write("apps/b.yaml", application("web", "components/web"))
                .write("apps/c.yaml", bad).write("apps/d.yaml", application("broken", "components/broken"))
                .write("components/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
                .write("components/broken/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unclosed\n")
                .commit("apps");

        List<AppRender> tree = expandRoot();

        assertThat(tree).extracting(r -> r.app().name()).containsExactly("root", "bad", "broken", "lost", "web");
        assertThat(tree.get(1).error()).startsWith("Application bad: ").contains("spec.source.helm.fileParameters");
        assertThat(tree.get(2).error()).startsWith("Application broken: ");
        assertThat(tree.get(3).error()).startsWith("Application lost: ").contains("/nowhere");
        assertThat(tree.get(4).failed()).isFalse();
        assertThat(tree.get(4).objects()).extracting(o -> o.name()).containsExactly("web");
    }

    @Test
    void repoRewritesPointEveryApplicationAtAMirrorWithoutEditingItsFiles() {
        String upstream = "https://github.com/example/deploy";
        repo.write("apps/a.yaml", application("web", "components/web").replace(url, upstream + ".git"))
                .write("components/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
                .commit("apps");
        AppExpander expander = new AppExpander(new RenderService(new MirrorCache(tmp.resolve("repos"), line -> { }), RenderCache.inMemory()),
                u -> GitCredentials.usernamePassword("ci", "pw"), 10).withRepoRewrites(RepoRewrites.parse(List.of(upstream + "=" + url)));
        App root = new App("root", "argocd", List.of(new AppSource(upstream, "apps", "main", "", "", RenderSpec.auto())), null, List.of());

        List<AppRender> tree = expander.expand(root);

        assertThat(tree).allSatisfy(r -> assertThat(r.error()).isEmpty());
        assertThat(tree.get(1).app().sources().get(0).repoURL()).isEqualTo(url);
        assertThat(tree.get(1).objects()).extracting(o -> o.name()).containsExactly("web");
    }

    @Test
    void aKustomizeVersionWithoutAConfiguredBinaryRendersWithTheDefaultAndWarns() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jenkins.plugins.gitops.testkit.tools.Kubectl.find().isPresent(), "no kubectl for kustomize");
        String versioned = application("web", "components/web").replace("targetRevision: main}", "targetRevision: main, kustomize: {version: v4.5.7}}");
        repo.write("apps/a.yaml", versioned)
                .write("components/web/kustomization.yaml", "resources: [cm.yaml]\n")
                .write("components/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
                .commit("apps");

        List<AppRender> tree = expandRoot();

        assertThat(tree.get(1).error()).isEmpty();
        assertThat(tree.get(1).objects()).extracting(o -> o.name()).containsExactly("web");
        assertThat(tree.get(1).warnings()).singleElement().asString()
                .isEqualTo("Application web: spec.source.kustomize.version v4.5.7: no kustomize configured for this version;"
                        + " rendering with the default kustomize (map it with --kustomize-path v4.5.7=PATH)");
    }

    private void manyApps(int n) {
        for (int i = 0; i < n; i++) {
            repo.write("apps/app" + i + ".yaml", application("app" + i, "components/c" + i))
                    .write("components/c" + i + "/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + i + "}\ndata: {i: '" + i + "'}\n");
        }
        // one child that cannot render, one nested app of apps that closes a cycle, and a name defined twice
        repo.write("apps/broken.yaml", application("broken", "components/missing"))
                .write("apps/nested.yaml", application("nested", "nested"))
                .write("nested/again.yaml", application("nested", "nested"))
                .write("nested/dup.yaml", application("app0", "components/c0"))
                .commit("many apps");
    }

    private AppExpander expander(Path cache, int parallel) {
        RenderService service = new RenderService(new MirrorCache(cache.resolve("repos"), line -> { }),
                new RenderCache(java.util.Optional.of(cache.resolve("renders")), 8, line -> { }));
        return new AppExpander(service, u -> GitCredentials.usernamePassword("ci", "pw"), 10).withParallel(parallel);
    }

    private static List<String> shape(List<AppRender> tree) {
        return tree.stream().map(r -> r.depth() + " " + r.parent() + "/" + r.app().name() + " " + r.error() + " "
                + r.objects().stream().map(o -> o.name()).toList()).toList();
    }

    /** Rendered in parallel, the tree is the one the sequential expansion gives, and the repository is fetched once for all its apps. */
    @Test
    void aParallelExpansionGivesTheSameTreeAndFetchesTheRepositoryOnce() {
        manyApps(12);
        App root = new App("root", "argocd", List.of(new AppSource(url, "apps", "main", "", "", RenderSpec.auto())), null, List.of());

        List<AppRender> sequential = expander(tmp.resolve("seq"), 1).expand(root);
        int before = server.advertisements();
        List<AppRender> parallel = expander(tmp.resolve("par"), 4).expand(root);

        assertThat(shape(parallel)).isEqualTo(shape(sequential));
        assertThat(shape(parallel)).hasSize(1 + 12 + 1 + 1 + 2).anySatisfy(l -> assertThat(l).contains("app-of-apps cycle"))
                .anySatisfy(l -> assertThat(l).contains("defined more than once")).anySatisfy(l -> assertThat(l).startsWith("1 root/broken Application broken: "));
        assertThat(server.advertisements() - before).as("one ref listing for the 15 apps of one repository at main").isEqualTo(1);
    }

    /** Each app's render is cached by its own source: a second run (a new process: new services, the same cache folder) renders none. */
    @Test
    void aSecondRunOfAnUnchangedTreeRendersEveryAppFromTheCacheAndSyncWritesNothing() {
        manyApps(10);
        App root = new App("root", "argocd", List.of(new AppSource(url, "apps", "main", "", "", RenderSpec.auto())), null, List.of());
        Path cache = tmp.resolve("cache");
        List<AppRender> first = expander(cache, 4).expand(root).stream().filter(r -> !r.failed()).toList();
        List<AppRender> second = expander(cache, 4).expand(root).stream().filter(r -> !r.failed()).toList();

        assertThat(first).noneMatch(AppRender::cacheHit);
        assertThat(second).hasSize(first.size()).allMatch(AppRender::cacheHit);
        try (io.jenkins.plugins.gitops.testkit.kube.KubeEmulator kube = io.jenkins.plugins.gitops.testkit.kube.KubeEmulator.start();
                io.jenkins.plugins.gitops.kube.Cluster cluster = io.jenkins.plugins.gitops.kube.Cluster.of(kube.config())) {
            io.jenkins.plugins.gitops.sync.SyncOptions shared = io.jenkins.plugins.gitops.sync.SyncOptions.builder("apps")
                    .namespace("default").createNamespace(true).build();
            var engine = new io.jenkins.plugins.gitops.sync.SyncEngine(cluster);
            List<AppTreeSync.AppSync> synced = new AppTreeSync(engine).sync(first, shared, false, 4);
            assertThat(synced).allSatisfy(a -> assertThat(a.succeeded()).as(a.app() + ": " + a.error()).isTrue());
            List<AppTreeSync.AppSync> again = new AppTreeSync(engine).sync(second, shared, false, 4);
            assertThat(again).allSatisfy(a -> assertThat(a.result().map(r -> r.writes()).orElse(0L)).as(a.app()).isZero());
            assertThat(again).filteredOn(a -> a.result().isPresent()).hasSize(10); // root and nested hold only Applications
        }
    }
}
