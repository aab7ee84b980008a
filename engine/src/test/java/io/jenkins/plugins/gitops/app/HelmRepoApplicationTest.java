package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.render.chart.ChartCache;
import io.jenkins.plugins.gitops.render.chart.ChartCredentials;
import io.jenkins.plugins.gitops.render.chart.ChartRepositories;
import io.jenkins.plugins.gitops.render.chart.TestCharts;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.source.MirrorCache;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import io.jenkins.plugins.gitops.testkit.helm.ChartRepoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app-of-apps repository in Git whose child Applications deploy charts from a chart
 * repository, rendered end to end through the app expander: version constraints, inline values,
 * and a multi-source app taking its values file from the Git repository ({@code $values/...}).
 */
class HelmRepoApplicationTest {

    @TempDir
    Path tmp;
    GitServer git;
    GitRepoBuilder repo;
    String gitUrl;
    ChartRepoServer charts;

    @BeforeEach
    void setUp() {
        git = GitServer.start();
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        gitUrl = git.serve("deploy", repo.gitDir());
        charts = ChartRepoServer.start().requireBasicAuth("charts", "chart-pw")
                .publish("web", "1.0.0", TestCharts.archive(tmp.resolve("pkg"), "web", "1.0.0"))
                .publish("web", "1.4.2", TestCharts.archive(tmp.resolve("pkg"), "web", "1.4.2"));
    }

    @AfterEach
    void tearDown() {
        charts.close();
        repo.close();
        git.close();
    }

    private List<AppRender> expand() {
        RenderService service = new RenderService(new MirrorCache(tmp.resolve("repos"), line -> { }), RenderCache.inMemory(),
                new ChartRepositories(new ChartCache(tmp.resolve("charts")), RegistryOptions.defaults(), Duration.ofSeconds(5)));
        AppExpander expander = new AppExpander(service, u -> GitCredentials.none(),
                u -> u.equals(charts.url()) ? ChartCredentials.basic("charts", "chart-pw") : ChartCredentials.none(), 5);
        return expander.expand(new App("root", "argocd", List.of(new AppSource(gitUrl, "apps", "main", "", "", RenderSpec.auto())), null, List.of()));
    }

    private static KubeObject configMap(AppRender r) {
        return r.objects().stream().filter(o -> o.kind().equals("ConfigMap")).findFirst().orElseThrow();
    }

    @Test
    void childApplicationsRenderChartsFromTheRepository() {
        repo.write("apps/web.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web, namespace: argocd}
                spec:
                  source:
                    repoURL: "%s"
                    chart: web
                    targetRevision: ">=1.0 <2"
                    helm:
                      valuesObject: {size: object}
                      parameters: [{name: color, value: param}]
                  destination: {server: "https://kubernetes.default.svc", namespace: shop}
                """.formatted(charts.url()))
                .write("apps/shop.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: shop, namespace: argocd}
                spec:
                  sources:
                  - repoURL: "%s"
                    chart: web
                    targetRevision: 1.0.0
                    helm:
                      releaseName: store
                      valueFiles: [prod.yaml, $config/envs/prod.yaml]
                      values: |
                        tier: inline
                  - {repoURL: "%s", targetRevision: main, ref: config}
                  destination: {namespace: store}
                """.formatted(charts.url(), gitUrl))
                .write("envs/prod.yaml", "owner: git-ref\n")
                .commit("apps from a chart repository");

        List<AppRender> tree = expand();

        assertThat(tree).extracting(r -> r.app().name()).containsExactly("root", "shop", "web");
        AppRender shop = tree.get(1);
        assertThat(shop.sets()).hasSize(1);
        assertThat(shop.sets().get(0).revision()).isEqualTo("1.0.0");
        KubeObject store = configMap(shop);
        assertThat(store.key().toString()).isEqualTo("ConfigMap/store/store-web");
        assertThat(store.at("/data/color").asText()).isEqualTo("file");
        assertThat(store.at("/data/owner").asText()).as("$config/envs/prod.yaml comes after prod.yaml").isEqualTo("git-ref");
        assertThat(store.at("/data/tier").asText()).isEqualTo("inline");

        AppRender web = tree.get(2);
        assertThat(web.sets().get(0).revision()).isEqualTo("1.4.2");
        KubeObject cm = configMap(web);
        assertThat(cm.key().toString()).isEqualTo("ConfigMap/shop/web-web");
        assertThat(cm.at("/data/chartVersion").asText()).isEqualTo("1.4.2");
        assertThat(cm.at("/data/size").asText()).isEqualTo("object");
        assertThat(cm.at("/data/color").asText()).isEqualTo("param");
        assertThat(charts.requests("/repo/web-1.0.0.tgz")).isEqualTo(1);
    }
}
