package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.policy.AppProject;
import io.jenkins.plugins.gitops.policy.AppProjectParser;
import io.jenkins.plugins.gitops.policy.Policy;
import io.jenkins.plugins.gitops.policy.PolicyException;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which project an app of a tree must satisfy, and the tree's sync enforcing it. */
class AppProjectsTest {

    static String project(String name, String namespaces) {
        return "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: " + name + ", namespace: argocd}\n"
                + "spec:\n  sourceRepos: ['https://git.example.com/*']\n  destinations: [{server: https://kubernetes.default.svc, namespace: '"
                + namespaces + "'}]\n  clusterResourceWhitelist: [{group: '', kind: Namespace}]\n";
    }

    private static App app(String name, String project, String namespace) {
        return new App(name, "argocd", List.of(new AppSource("https://git.example.com/r.git", name, "main", "", "", null)),
                new Destination("https://kubernetes.default.svc", "", namespace), List.of("CreateNamespace=true"), project);
    }

    private static RenderedSet set(String yaml) {
        return RenderedSet.of(ManifestParser.parse(yaml, "t.yaml"), "c1", "test", "");
    }

    private static AppRender render(App app, String yaml) {
        return new AppRender(app, "", 0, List.of(set(yaml)));
    }

    @Test
    void anApplicationGetsTheProjectItNamesFromTheTree() {
        List<AppRender> tree = List.of(render(app("root", "default", "argocd"), project("ml", "ml-*")));
        AppProjects projects = AppProjects.of(tree, Optional.empty(), "https://10.0.0.1:6443", "gitops-system");
        Policy p = projects.policyFor(app("kfp", "ml", "ml-kfp")).orElseThrow();
        assertThat(p.names()).isEqualTo("ml");
        assertThat(p.server()).isEqualTo("https://kubernetes.default.svc");
        assertThat(projects.policyFor(app("web", "default", "web"))).as("default, no project given: unrestricted").isEmpty();
        assertThatThrownBy(() -> projects.policyFor(app("web", "team", "web"))).isInstanceOf(PolicyException.class)
                .hasMessage("Application web: project team is neither in the rendered tree (it has: ml) (only the default project is unrestricted,"
                        + " and only when no project is given)");
    }

    @Test
    void aGivenProjectIsACeilingAndDefaultIsNoLongerUnrestricted() {
        AppProject given = AppProjectParser.parse(project("ops", "ml-kfp"), "ops.yaml");
        List<AppRender> tree = List.of(render(app("root", "default", "argocd"), project("ml", "ml-*")));
        AppProjects projects = AppProjects.of(tree, Optional.of(given), "https://10.0.0.1:6443", "gitops-system");
        assertThat(projects.policyFor(app("kfp", "ml", "ml-kfp")).orElseThrow().names()).isEqualTo("ops+ml");
        assertThat(projects.policyFor(app("o", "ops", "ml-kfp")).orElseThrow().names()).isEqualTo("ops");
        assertThatThrownBy(() -> projects.policyFor(app("web", "default", "web")))
                .hasMessage("Application web: project default is neither in the rendered tree (it has: ml) nor the given project ops");
    }

    @Test
    void aCeilingBindsEveryAppButLeavesDefaultToItself() {
        AppProject cluster = AppProjectParser.parse(project("prod", "web"), "prod.yaml");
        List<AppRender> tree = List.of(render(app("root", "default", "argocd"), project("ml", "ml-*")));
        AppProjects projects = AppProjects.of(tree, Optional.empty(), "https://10.0.0.1:6443", "gitops-system").withCeiling(cluster);
        assertThat(projects.policyFor(app("web", "default", "web")).orElseThrow().names()).isEqualTo("prod");
        assertThat(projects.policyFor(app("kfp", "ml", "ml-kfp")).orElseThrow().names()).isEqualTo("prod+ml");
        assertThatThrownBy(() -> projects.policyFor(app("x", "team", "x"))).hasMessageContaining("project team is neither in the rendered tree");
    }

    @Test
    void anInvalidOrTwiceDifferentAppProjectInTheTreeIsAnErrorNamingIt() {
        assertThatThrownBy(() -> AppProjects.of(List.of(render(app("root", "default", "argocd"),
                project("ml", "ml-*").replace("namespace: 'ml-*'", "namespace: 3"))), Optional.empty(), "", "gitops-system"))
                .hasMessage("app root: AppProject.argoproj.io/argocd/ml: spec.destinations[0].namespace: expected a string");
        assertThatThrownBy(() -> AppProjects.of(List.of(render(app("a", "default", "argocd"), project("ml", "ml-*")),
                render(app("b", "default", "argocd"), project("ml", "*"))), Optional.empty(), "", "gitops-system"))
                .hasMessage("AppProject ml: rendered differently by app a and by app b");
    }

    @Test
    void theTreeSyncRefusesAnAppOutsideItsProjectWritesNothingForItAndGoesOnWithItsSiblings() {
        List<AppRender> tree = List.of(
                render(app("root", "default", "argocd"), project("ml", "ml-*")),
                render(app("kfp", "ml", "ml-kfp"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n"),
                render(app("sneaky", "ml", "ml-kfp"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: kube-system}\n"));
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            AppProjects projects = AppProjects.of(tree, Optional.empty(), kube.url(), "gitops-system");
            SyncOptions shared = SyncOptions.builder("apps").namespace("default").build();

            List<AppTreeSync.AppSync> out = new AppTreeSync(new SyncEngine(cluster), d -> true, projects).sync(tree, shared, false);

            assertThat(out.get(0).result()).as("the root renders only an AppProject, which is not applied").isEmpty();
            assertThat(out.get(1).succeeded()).as(out.get(1).error()).isTrue();
            assertThat(out.get(2).succeeded()).isFalse();
            assertThat(out.get(2).error()).isEqualTo("ConfigMap/kube-system/x: namespace kube-system is not a destination of project ml"
                    + " (destinations: ml-*)");
            assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "kube-system", "x")).isEmpty();
            assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "ml-kfp", "ok")).isPresent();
        }
    }
}
