package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        AppExpander expander = new AppExpander(new RenderService(new MirrorCache(tmp.resolve("repos")), RenderCache.inMemory()),
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
    void aCycleIsAnErrorNamingTheChain() {
        repo.write("apps/child.yaml", application("child", "loop")).write("loop/back.yaml", application("child", "loop")).commit("loop");

        assertThatThrownBy(this::expandRoot).isInstanceOf(AppException.class)
                .hasMessageStartingWith("Application child: app-of-apps cycle: root (")
                .hasMessageContaining("-> child (");
    }
}
