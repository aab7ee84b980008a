package io.jenkins.plugins.gitops.render.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.testkit.registry.OciRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts pushed to a real OCI registry (Debian's docker-registry) the way {@code helm push} lays them out. */
class HelmRepoOciTest {

    static final String CONFIG = "application/vnd.cncf.helm.config.v1+json";

    @TempDir
    static Path packages;
    static OciRegistry registry;
    static byte[] web110;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        assumeTrue(OciRegistry.authAvailable(), "skipped: /usr/bin/docker-registry or /usr/bin/htpasswd missing (apt-get install docker-registry apache2-utils)");
        registry = OciRegistry.start("ci", "oci-pa55");
        for (String v : new String[] {"1.0.0", "1.1.0", "2.0.0"}) {
            byte[] archive = TestCharts.archive(packages, "web", v);
            if (v.equals("1.1.0")) {
                web110 = archive;
            }
            registry.pushArtifact("charts/web", v, CONFIG, ("{\"name\":\"web\",\"version\":\"" + v + "\"}").getBytes(StandardCharsets.UTF_8),
                    OciChartRepository.CHART_LAYER, archive);
        }
        registry.pushArtifact("charts/image", "1.0.0", "application/vnd.oci.image.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8),
                "application/vnd.oci.image.layer.v1.tar+gzip", "layer".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private RenderService service() {
        return new RenderService(null, RenderCache.inMemory(),
                new ChartRepositories(new ChartCache(tmp.resolve("charts")), RegistryOptions.defaults(), Duration.ofSeconds(5)));
    }

    private static ChartCredentials login() {
        return ChartCredentials.basic("ci", "oci-pa55");
    }

    private static RenderSpec helm() {
        return RenderSpec.of(RenderSpec.Tool.HELM).withHelm(HelmOptions.release("shop"));
    }

    @Test
    void anExactVersionIsPulledWithOciScheme() {
        RenderResult r = service().render(ChartSource.of("oci://" + registry.host() + "/charts", "web", "1.1.0").withCredentials(login()), helm());

        assertThat(r.set().revision()).isEqualTo("1.1.0");
        assertThat(r.set().kubeObjects()).extracting(o -> o.at("/data/chartVersion").asText()).containsExactly("1.1.0");
    }

    @Test
    void aRangeIsResolvedFromTheTagsWithArgoCdsSchemelessUrl() {
        RenderService service = service();
        RenderResult first = service.render(ChartSource.of(registry.host() + "/charts", "web", "^1.0").withCredentials(login()), helm());
        RenderResult second = service.render(ChartSource.of(registry.host() + "/charts", "web", "^1.0").withCredentials(login()), helm());

        assertThat(first.set().revision()).isEqualTo("1.1.0");
        assertThat(second.cacheHit()).isTrue();
    }

    @Test
    void theChartCacheIsKeyedByTheLayerDigest() {
        ChartRepositories charts = new ChartRepositories(new ChartCache(tmp.resolve("charts")), RegistryOptions.defaults(), Duration.ofSeconds(5));
        FetchedChart first = charts.fetch(ChartSource.of("oci://" + registry.host() + "/charts", "web", "1.1.0").withCredentials(login()));
        FetchedChart again = charts.fetch(ChartSource.of("oci://" + registry.host() + "/charts", "web", "1.1.0").withCredentials(login()));

        assertThat(first.downloaded()).isTrue();
        assertThat(again.downloaded()).isFalse();
        assertThat(first.digest()).isEqualTo(OciRegistry.sha256(web110));
    }

    @Test
    void errorsNameTheRepositoryChartAndVersionButNeverTheSecret() {
        String repo = "oci://" + registry.host() + "/charts";
        assertThatThrownBy(() -> service().render(ChartSource.of(repo, "web", "3.0.0").withCredentials(login()), helm()))
                .isInstanceOf(ChartException.class)
                .hasMessage("chart repository " + repo + ": chart 'web': no version 3.0.0 in the registry (newest: 2.0.0, 1.1.0, 1.0.0)");
        assertThatThrownBy(() -> service().render(ChartSource.of(repo, "web", "~3.1").withCredentials(login()), helm()))
                .hasMessage("chart repository " + repo + ": chart 'web': no version matches '~3.1' (newest: 2.0.0, 1.1.0, 1.0.0)");
        assertThatThrownBy(() -> service().render(ChartSource.of(repo, "web", "1.0.0").withCredentials(ChartCredentials.basic("ci", "bad-oci-secret")), helm()))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("chart repository " + repo + ": ")
                .hasMessageContaining("credentials of user 'ci' refused")
                .hasMessageNotContaining("bad-oci-secret");
        assertThatThrownBy(() -> service().render(ChartSource.of(repo, "image", "1.0.0").withCredentials(login()), helm()))
                .hasMessageContaining("chart 'image' version 1.0.0: not a Helm chart: the manifest has no " + OciChartRepository.CHART_LAYER + " layer");
        assertThatThrownBy(() -> service().render(ChartSource.of(repo, "nothing", "1.0.0").withCredentials(login()), helm()))
                .hasMessageStartingWith("chart repository " + repo + ": chart 'nothing': ");
    }
}
