package io.jenkins.plugins.gitops.render.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.source.Checkout;
import io.jenkins.plugins.gitops.testkit.helm.ChartRepoServer;
import io.jenkins.plugins.gitops.testkit.registry.OciRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependencies declared in Chart.yaml (and pinned in Chart.lock) are fetched through the engine's
 * chart repository clients, as {@code helm dependency build} would, into a copy of the chart.
 */
class HelmDependenciesTest {

    @TempDir
    static Path packages;
    static byte[] db100;
    static byte[] db110;
    static byte[] db200;

    @TempDir
    Path tmp;
    ChartRepoServer repo;

    @BeforeAll
    static void packageCharts() {
        db100 = TestCharts.archive(packages, "db", "1.0.0");
        db110 = TestCharts.archive(packages, "db", "1.1.0");
        db200 = TestCharts.archive(packages, "db", "2.0.0");
    }

    @BeforeEach
    void start() {
        repo = ChartRepoServer.start().publish("db", "1.0.0", db100).publish("db", "1.1.0", db110).publish("db", "2.0.0", db200);
    }

    @AfterEach
    void stop() throws IOException {
        repo.close();
        // helm-java's `dependency update` leaves its repository index cache in the working folder
        try (Stream<Path> leftovers = Files.list(Path.of(""))) {
            for (Path p : leftovers.filter(p -> p.getFileName().toString().startsWith("helm-manager-")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private ChartRepositories charts() {
        return new ChartRepositories(new ChartCache(tmp.resolve("cache")), RegistryOptions.defaults(), Duration.ofSeconds(5));
    }

    /** A checkout folder holding the chart {@code app} that depends on what {@code dependencies} says. */
    private Path app(String dependencies) throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("checkout/app/templates"));
        Files.writeString(chart.resolve("../Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n" + dependencies);
        Files.writeString(chart.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n");
        return chart.getParent().normalize();
    }

    private List<KubeObject> render(Path chart, HelmOptions options, ChartRepositories charts) {
        Path root = tmp.resolve("checkout");
        RenderService service = new RenderService(null, RenderCache.inMemory(), charts);
        return service.render(Checkout.ofFolder(root), root.relativize(chart).toString(), RenderSpec.of(RenderSpec.Tool.HELM).withHelm(options))
                .set().kubeObjects();
    }

    private static String dbVersion(List<KubeObject> objs) {
        // the sub-chart's ConfigMap is named after its chart name, or its alias
        return objs.stream().filter(o -> o.name().equals("r-db") || o.name().equals("r-database")).findFirst().orElseThrow(() -> new AssertionError("no db ConfigMap in " + objs))
                .at("/data/chartVersion").asText();
    }

    @Test
    void aRangeIsResolvedAsHelmDoesAndTheArchiveIsCached() throws IOException {
        Path chart = app("- name: db\n  version: \"^1.0.0\"\n  repository: " + repo.url() + "\n");
        ChartRepositories charts = charts();

        List<KubeObject> objs = render(chart, HelmOptions.release("r"), charts);
        render(chart, HelmOptions.release("r").withNamespace("other"), charts);

        assertThat(objs).extracting(KubeObject::name).containsExactlyInAnyOrder("app", "r-db");
        assertThat(dbVersion(objs)).isEqualTo("1.1.0");
        assertThat(repo.requests("/repo/db-1.1.0.tgz")).isEqualTo(1);
        // the checkout is left as it was
        assertThat(chart.resolve("charts")).doesNotExist();
        assertThat(chart.resolve("Chart.lock")).doesNotExist();
    }

    /** A chart whose Chart.lock Helm's own {@code helm dependency update} wrote while its repository had only db 1.0.0. */
    private Path lockedApp(ChartRepoServer only100) throws IOException {
        Path chart = app("- name: db\n  version: \">=1.0.0 <2.0.0\"\n  repository: " + only100.url() + "\n  alias: database\n");
        new Helm(chart).dependency().update().call();
        assertThat(Files.readString(chart.resolve("Chart.lock"))).contains("version: 1.0.0");
        deleteTree(chart.resolve("charts"));
        return chart;
    }

    @Test
    void ourLockDigestIsHelmsAndTheLockedVersionWins() throws IOException {
        Path chart;
        String url;
        try (ChartRepoServer only100 = ChartRepoServer.start().publish("db", "1.0.0", db100)) {
            url = only100.url();
            chart = lockedApp(only100);
        }
        String digest = ChartDependencies.hashReq(ChartDependencies.declared(chart, "t"), ChartDependencies.locked(chart, "t").orElseThrow());
        assertThat(Files.readString(chart.resolve("Chart.lock"))).contains("digest: " + digest);

        // that repository is gone; a mirror of it (which has 1.1.0 by now) serves the locked 1.0.0
        List<KubeObject> objs = render(chart, HelmOptions.release("r").withRepositoryRewrites(Map.of(url, repo.url())), charts());

        assertThat(dbVersion(objs)).isEqualTo("1.0.0");
        assertThat(repo.requests("/repo/db-1.1.0.tgz")).isZero();
        assertThat(repo.requests("/repo/db-1.0.0.tgz")).isEqualTo(1);
    }

    @Test
    void aLockOutOfSyncWithChartYamlIsRefused() throws IOException {
        Path chart;
        String url;
        try (ChartRepoServer only100 = ChartRepoServer.start().publish("db", "1.0.0", db100)) {
            url = only100.url();
            chart = lockedApp(only100);
        }
        Files.writeString(chart.resolve("Chart.yaml"), Files.readString(chart.resolve("Chart.yaml")).replace("<2.0.0", "<3.0.0"));

        assertThatThrownBy(() -> render(chart, HelmOptions.release("r").withRepositoryRewrites(Map.of(url, repo.url())), charts()))
                .isInstanceOf(RenderException.class).hasMessageContaining("Chart.lock is out of sync with the dependencies of Chart.yaml");
        assertThat(repo.requests("/repo/index.yaml")).isZero();
    }

    @Test
    void ociAndLocalDependencies() throws IOException {
        assumeTrue(OciRegistry.available(), "skipped: /usr/bin/docker-registry missing (apt-get install docker-registry)");
        try (OciRegistry registry = OciRegistry.start()) {
            registry.pushArtifact("charts/db", "2.0.0", "application/vnd.cncf.helm.config.v1+json",
                    "{\"name\":\"db\",\"version\":\"2.0.0\"}".getBytes(StandardCharsets.UTF_8), OciChartRepository.CHART_LAYER, db200);
            Path lib = Files.createDirectories(tmp.resolve("checkout/shared/common/templates"));
            Files.writeString(lib.resolve("../Chart.yaml"), "apiVersion: v2\nname: common\nversion: 0.3.0\n");
            Files.writeString(lib.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common-{{ .Chart.Version }}\n");
            Path chart = app("- name: db\n  version: 2.0.0\n  repository: oci://" + registry.host() + "/charts\n"
                    + "- name: common\n  version: 0.3.0\n  repository: file://../shared/common\n");

            List<KubeObject> objs = render(chart, HelmOptions.release("r"), charts());

            assertThat(objs).extracting(KubeObject::name).containsExactlyInAnyOrder("app", "r-db", "common-0.3.0");
            assertThat(dbVersion(objs)).isEqualTo("2.0.0");
        }
    }

    @Test
    void aLocalDependencyMustStayInTheRepository() throws IOException {
        Path chart = app("- name: common\n  version: 0.3.0\n  repository: file://../../outside\n");

        assertThatThrownBy(() -> render(chart, HelmOptions.release("r"), charts()))
                .isInstanceOf(RenderException.class).hasMessageContaining("dependency 'common' version '0.3.0' (repository file://../../outside)")
                .hasMessageContaining("outside the repository");
    }

    @Test
    void vendoredChartsAreUsedAsTheyAre() throws IOException {
        Path chart = app("- name: db\n  version: 1.0.0\n  repository: http://127.0.0.1:" + closedPort() + "/charts\n");
        Files.createDirectories(chart.resolve("charts"));
        Files.write(chart.resolve("charts/db-1.0.0.tgz"), db100);

        assertThat(dbVersion(render(chart, HelmOptions.release("r"), charts()))).isEqualTo("1.0.0");
    }

    @Test
    void theCorpusHelmDependencyNamesTheDependencyAndItsRepositoryWhenUnreachable() throws IOException {
        Path example = corpus("helm-dependency");
        Path root = tmp.resolve("checkout");
        // the corpus is read in place, through a copy of its chart folder only where the test must place it in a checkout
        Files.createDirectories(root);
        Path chart = root.resolve("helm-dependency");
        Files.createDirectories(chart);
        try (Stream<Path> files = Files.list(example)) {
            for (Path f : files.toList()) {
                Files.copy(f, chart.resolve(f.getFileName().toString()));
            }
        }
        // https://charts.helm.sh/stable is rewritten to a loopback port nothing listens on: no traffic leaves the machine
        String closed = "http://127.0.0.1:" + closedPort();

        assertThatThrownBy(() -> render(chart, HelmOptions.release("wordpress").withRepositoryRewrites(Map.of("https://charts.helm.sh/stable", closed)),
                charts()))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("dependency 'wordpress' version '9.0.3' (repository https://charts.helm.sh/stable)")
                .hasMessageContaining("(fetched from " + closed + ")")
                .hasMessageContaining("cannot reach 127.0.0.1");
    }

    @Test
    void theCorpusHelmDependencyRendersFromALocalRepository() throws IOException {
        Path example = corpus("helm-dependency");
        Path chart = Files.createDirectories(tmp.resolve("checkout/helm-dependency"));
        try (Stream<Path> files = Files.list(example)) {
            for (Path f : files.toList()) {
                Files.copy(f, chart.resolve(f.getFileName().toString()));
            }
        }
        // a stand-in "wordpress" 9.0.3 in a local repository (the real one is on the internet)
        Path wp = Files.createDirectories(tmp.resolve("wp/wordpress/templates"));
        Files.writeString(wp.resolve("../Chart.yaml"), "apiVersion: v1\nname: wordpress\nversion: 9.0.3\n");
        Files.writeString(wp.resolve("deploy.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-wordpress\n"
                + "spec:\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: w, image: wordpress}]}}\n");
        Path out = Files.createDirectories(tmp.resolve("wp/out"));
        new Helm(wp.getParent()).packageIt().withDestination(out).call();
        repo.publish("wordpress", "9.0.3", Files.readAllBytes(out.resolve("wordpress-9.0.3.tgz")));

        List<KubeObject> objs = render(chart, HelmOptions.release("wordpress").withRepositoryRewrites(Map.of("https://charts.helm.sh/stable", repo.url())),
                charts());

        assertThat(objs).extracting(KubeObject::name).containsExactly("wordpress-wordpress");
    }

    private static Path corpus(String name) {
        Path dir = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("workloads/argocd-example-apps/upstream").resolve(name);
        assumeTrue(Files.isDirectory(dir), "skipped: the argocd-example-apps corpus is not at " + dir);
        return dir;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
