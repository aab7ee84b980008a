package io.jenkins.plugins.gitops.render.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.testkit.helm.ChartRepoServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts from a real HTTP chart repository on loopback, rendered through the render service. */
class HelmRepoHttpTest {

    @TempDir
    static Path packages;
    static byte[] web100;
    static byte[] web120;
    static byte[] web125;
    static byte[] web200;
    static byte[] web210rc;

    @TempDir
    Path tmp;
    ChartRepoServer repo;

    @BeforeAll
    static void packageCharts() {
        web100 = TestCharts.archive(packages, "web", "1.0.0");
        web120 = TestCharts.archive(packages, "web", "1.2.0");
        web125 = TestCharts.archive(packages, "web", "1.2.5");
        web200 = TestCharts.archive(packages, "web", "2.0.0");
        web210rc = TestCharts.archive(packages, "web", "2.1.0-rc.1");
    }

    @BeforeEach
    void start() {
        repo = ChartRepoServer.start().publish("web", "1.0.0", web100).publish("web", "1.2.0", web120)
                .publishAbsolute("web", "1.2.5", web125).publish("web", "2.0.0", web200).publish("web", "2.1.0-rc.1", web210rc);
    }

    @AfterEach
    void stop() {
        repo.close();
    }

    private RenderService service() {
        return new RenderService(null, RenderCache.inMemory(), charts());
    }

    private ChartRepositories charts() {
        return new ChartRepositories(new ChartCache(tmp.resolve("charts")), RegistryOptions.defaults(), Duration.ofSeconds(5));
    }

    private static RenderSpec helm() {
        return RenderSpec.of(RenderSpec.Tool.HELM).withHelm(HelmOptions.release("shop").withNamespace("prod"));
    }

    private static KubeObject configMap(RenderResult r) {
        return r.set().kubeObjects().stream().filter(o -> o.kind().equals("ConfigMap")).findFirst().orElseThrow();
    }

    @Test
    void anExactVersionIsRenderedFromARelativeUrl() {
        RenderResult r = service().render(ChartSource.of(repo.url(), "web", "1.2.0"), helm());

        assertThat(r.set().revision()).isEqualTo("1.2.0");
        assertThat(r.set().renderer()).isEqualTo("helm");
        assertThat(configMap(r).key().toString()).isEqualTo("ConfigMap/prod/shop-web");
        assertThat(configMap(r).at("/data/chartVersion").asText()).isEqualTo("1.2.0");
        assertThat(r.set().objects().get(0).source()).contains("web/templates/configmap.yaml");
        assertThat(repo.requests("/repo/web-1.2.0.tgz")).isEqualTo(1);
    }

    @Test
    void aSemverRangePicksTheHighestMatchingVersionFromAnAbsoluteUrl() {
        RenderResult r = service().render(ChartSource.of(repo.url(), "web", "1.2.*"), helm());

        assertThat(r.set().revision()).isEqualTo("1.2.5");
        assertThat(configMap(r).at("/data/chartVersion").asText()).isEqualTo("1.2.5");
        assertThat(repo.requests("/downloads/web-1.2.5.tgz")).isEqualTo(1);
        assertThat(service().render(ChartSource.of(repo.url(), "web", ">=1.0, <2"), helm()).set().revision()).isEqualTo("1.2.5");
        assertThat(service().render(ChartSource.of(repo.url(), "web", ">=1.0 <3"), helm()).set().revision())
                .as("pre-releases only when the constraint names one").isEqualTo("2.0.0");
        assertThat(service().render(ChartSource.of(repo.url(), "web", ""), helm()).set().revision()).isEqualTo("2.0.0");
        assertThat(service().render(ChartSource.of(repo.url(), "web", "2.1.0-rc.1"), helm()).set().revision()).isEqualTo("2.1.0-rc.1");
    }

    @Test
    void aSecondRenderHitsBothCachesAndDownloadsNothing() {
        RenderService service = service();
        RenderResult first = service.render(ChartSource.of(repo.url(), "web", "^1.0"), helm());
        RenderResult second = service.render(ChartSource.of(repo.url(), "web", "^1.0"), helm());
        RenderResult freshRenderCache = new RenderService(null, RenderCache.inMemory(), charts())
                .render(ChartSource.of(repo.url(), "web", "^1.0"), helm());

        assertThat(first.cacheHit()).isFalse();
        assertThat(second.cacheHit()).isTrue();
        assertThat(freshRenderCache.cacheHit()).as("the chart cache is on disk; the render cache was new").isFalse();
        assertThat(freshRenderCache.set().digest()).isEqualTo(first.set().digest());
        assertThat(repo.requests("/downloads/web-1.2.5.tgz")).as("one download for three renders").isEqualTo(1);
        assertThat(repo.requests("/repo/index.yaml")).as("the version is resolved each time").isEqualTo(3);
    }

    @Test
    void otherHelmOptionsAreAnotherRenderCacheEntry() {
        RenderService service = service();
        service.render(ChartSource.of(repo.url(), "web", "1.0.0"), helm());
        RenderResult other = service.render(ChartSource.of(repo.url(), "web", "1.0.0"),
                RenderSpec.of(RenderSpec.Tool.HELM).withHelm(HelmOptions.release("other")));

        assertThat(other.cacheHit()).isFalse();
        assertThat(configMap(other).name()).isEqualTo("other-web");
    }

    @Test
    void concurrentFirstRendersOfOneChartBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<RenderResult> render = () -> service().render(ChartSource.of(repo.url(), "web", "2.0.0"), helm());
            List<Future<RenderResult>> results = pool.invokeAll(List.of(render, render));
            assertThat(results.get(0).get().set().digest()).isEqualTo(results.get(1).get().set().digest());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDigestMismatchIsRefused() {
        repo.publishWithDigest("evil", "1.0.0", web100, "0".repeat(64));

        assertThatThrownBy(() -> service().render(ChartSource.of(repo.url(), "evil", "1.0.0"), helm()))
                .isInstanceOf(ChartException.class)
                .hasMessageStartingWith("chart repository " + repo.url() + ": chart 'evil' version 1.0.0: digest mismatch: the repository announces sha256:0000")
                .hasMessageContaining("but the downloaded archive is sha256:" + ChartRepoServer.sha256(web100));
        assertThat(tmp.resolve("charts")).isDirectoryNotContaining(p -> !p.getFileName().toString().contains(".tmp"))
                .isEmptyDirectory();
    }

    @Test
    void anIndexWithoutDigestsIsAcceptedAndTheArchiveDigestKeysTheRender() {
        repo.publishWithDigest("nodigest", "1.0.0", web100, "");

        RenderResult r = service().render(ChartSource.of(repo.url(), "nodigest", "1.0.0"), helm());

        assertThat(r.set().revision()).isEqualTo("1.0.0");
    }

    @Test
    void unknownChartsAndVersionsAreErrorsListingWhatExists() {
        assertThatThrownBy(() -> service().render(ChartSource.of(repo.url(), "shop", "1.0.0"), helm()))
                .isInstanceOf(ChartException.class)
                .hasMessage("chart repository " + repo.url() + ": no chart 'shop' in index.yaml (it has web)");
        assertThatThrownBy(() -> service().render(ChartSource.of(repo.url(), "web", ">=3"), helm()))
                .isInstanceOf(ChartException.class)
                .hasMessage("chart repository " + repo.url() + ": chart 'web': no version matches '>=3' (newest: 2.1.0-rc.1, 2.0.0, 1.2.5, 1.2.0, 1.0.0)");
        assertThatThrownBy(() -> service().render(ChartSource.of(repo.url(), "web", "1.2.9"), helm()))
                .hasMessageContaining("chart 'web': no version matches '1.2.9'");
        assertThatThrownBy(() -> service().render(ChartSource.of(repo.url(), "web", "latest-and-greatest"), helm()))
                .hasMessageContaining("'latest-and-greatest' is neither a version the repository has nor a semver constraint");
    }

    @Test
    void basicAuthIsSentAndARefusalNeverShowsTheSecret() {
        repo.requireBasicAuth("ci", "s3cr3t-pa55");

        RenderResult ok = service().render(ChartSource.of(repo.url(), "web", "1.0.0").withCredentials(ChartCredentials.basic("ci", "s3cr3t-pa55")), helm());
        assertThat(ok.set().revision()).isEqualTo("1.0.0");

        assertThatThrownBy(() -> service().render(ChartSource.of(repo.url(), "web", "1.0.0"), helm()))
                .isInstanceOf(ChartException.class)
                .hasMessage("chart repository " + repo.url() + ": HTTP 401 for index.yaml: the repository needs credentials and none are configured");
        ChartSource wrong = ChartSource.of(repo.url(), "web", "1.0.0").withCredentials(ChartCredentials.basic("ci", "wrong-secret-xyz"));
        assertThatThrownBy(() -> service().render(wrong, helm()))
                .isInstanceOf(ChartException.class)
                .hasMessage("chart repository " + repo.url() + ": HTTP 403 for index.yaml: the repository refused the credentials (user 'ci')")
                .hasMessageNotContaining("wrong-secret-xyz");
        assertThat(wrong.toString()).doesNotContain("wrong-secret-xyz").contains("password=****");
    }

    @Test
    void credentialsGoToChartUrlsOnOtherHostsOnlyWithPassCredentials() {
        repo.requireBasicAuth("ci", "pass-secret");
        // The index is read from "localhost"; its absolute chart URLs name 127.0.0.1: another host to an HTTP client.
        String viaLocalhost = repo.url().replace("127.0.0.1", "localhost");
        ChartSource source = ChartSource.of(viaLocalhost, "web", "1.2.5").withCredentials(ChartCredentials.basic("ci", "pass-secret"));

        assertThatThrownBy(() -> service().render(source, helm()))
                .hasMessageContaining("chart 'web' version 1.2.5: HTTP 401 for archive http://127.0.0.1:")
                .hasMessageContaining("credentials are only sent to the repository's own host; set passCredentials to send them to 127.0.0.1:")
                .hasMessageNotContaining("pass-secret");
        assertThat(service().render(source.withPassCredentials(true), helm()).set().revision()).isEqualTo("1.2.5");
    }

    @Test
    void credentialsInTheUrlMoveOutOfIt() {
        repo.requireBasicAuth("ci", "url-secret");
        String withUser = repo.url().replace("http://", "http://ci:url-secret@");

        ChartSource source = ChartSource.of(withUser, "web", "1.0.0");

        assertThat(source.repoURL()).isEqualTo(repo.url());
        assertThat(source.toString()).doesNotContain("url-secret");
        assertThat(service().render(source, helm()).set().revision()).isEqualTo("1.0.0");
    }

    @Test
    void aBearerTokenIsSent() {
        repo.requireBearer("tok-123456");

        RenderResult ok = service().render(ChartSource.of(repo.url(), "web", "2.0.0").withCredentials(ChartCredentials.bearer("tok-123456")), helm());

        assertThat(ok.set().revision()).isEqualTo("2.0.0");
        assertThat(ChartCredentials.bearer("tok-123456").toString()).doesNotContain("tok-123456");
    }

    @Test
    void anUnreachableHostIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/charts";

        assertThatThrownBy(() -> service().render(ChartSource.of(url, "web", "1.0.0"), helm()))
                .isInstanceOf(ChartException.class)
                .hasMessageStartingWith("chart repository " + url + ": cannot reach 127.0.0.1:" + port);
    }

    @Test
    void aChartRendersWithHelmOnly() {
        assertThatThrownBy(() -> service().render(ChartSource.of(repo.url(), "web", "1.0.0"), RenderSpec.of(RenderSpec.Tool.KUSTOMIZE)))
                .hasMessageContaining("renders with helm, not kustomize");
        assertThat(Optional.of(repo.requests("/repo/index.yaml"))).contains(0);
    }
}
