package io.jenkins.plugins.gitops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.testkit.modelregistry.ModelRegistryServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelReleaseFinderTest {

    ModelRegistryServer registry;
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @BeforeEach
    void start() throws Exception {
        registry = ModelRegistryServer.start().clock(() -> clock.addAndGet(1000));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private ModelReleaseFinder finder(String token) {
        return new ModelReleaseFinder(new ModelRegistryClient(ModelRegistryOptions.of(registry.url(), token)));
    }

    @Test
    void newestLiveVersionWithItsArtifactBecomesTheBuildParameters() {
        registry.register("fraud", "v1", "s3://models/fraud/1", "onnx", Map.of());
        registry.register("fraud", "v2", "s3://models/fraud/2", "onnx", Map.of());
        registry.register("other", "v9", "s3://models/other/9", "onnx", Map.of());

        ModelRelease release = finder("").newest("fraud", ModelVersionPolicy.any());

        assertThat(release.parameters()).containsExactly(Map.entry("MODEL_NAME", "fraud"), Map.entry("MODEL_VERSION", "v2"),
                Map.entry("MODEL_VERSION_ID", release.version().id()), Map.entry("MODEL_URI", "s3://models/fraud/2"),
                Map.entry("MODEL_FORMAT", "onnx"));
        assertThat(release.key()).isEqualTo(release.model().id() + "/" + release.version().id());
    }

    @Test
    void archivedVersionsAndVersionsWithoutThePromotionMarkerAreSkipped() {
        registry.register("fraud", "v1", "s3://m/1", "onnx", Map.of("stage", "production"));
        registry.register("fraud", "v2", "s3://m/2", "onnx", Map.of("stage", "staging"));
        String v3 = registry.register("fraud", "v3", "s3://m/3", "onnx", Map.of("stage", "production"));
        registry.archive(v3);
        registry.register("fraud", "v4-rc1", "s3://m/4", "onnx", Map.of("stage", "production"));

        ModelVersionPolicy production = new ModelVersionPolicy("v\\d+", Map.of("stage", "production"));

        assertThat(finder("").newest("fraud", production).version().name()).isEqualTo("v1");
        assertThat(finder("").newest("fraud", new ModelVersionPolicy("", Map.of("stage", "production"))).version().name()).isEqualTo("v4-rc1");
    }

    @Test
    void theUsualCaseCostsOneVersionPageAndPagingReachesOlderVersions() {
        registry.register("big", "v0", "s3://m/0", "onnx", Map.of("stage", "production"));
        for (int i = 1; i <= 150; i++) {
            registry.register("big", "v" + i, "s3://m/" + i, "onnx", Map.of());
        }

        assertThat(finder("").newest("big", ModelVersionPolicy.any()).version().name()).isEqualTo("v150");
        assertThat(registry.requests().stream().filter(r -> r.contains("/versions")).count()).isEqualTo(1);

        assertThat(finder("").newest("big", new ModelVersionPolicy("", Map.of("stage", "production"))).version().name()).isEqualTo("v0");
        assertThat(registry.requests()).anyMatch(r -> r.contains("/versions") && r.contains("nextPageToken=100"));
    }

    @Test
    void errorsNameTheModelTheRegistryAndWhatWasAskedWithoutTheToken() {
        registry.requireToken("tok-123-secret");
        registry.register("fraud", "v1", "s3://m/1", "onnx", Map.of("stage", "staging"));

        assertThatThrownBy(() -> finder("wrong-secret-token").newest("fraud", ModelVersionPolicy.any()))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining(registry.url()).hasMessageContaining("refused the token").hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong-secret-token");
        assertThatThrownBy(() -> finder("").newest("fraud", ModelVersionPolicy.any()))
                .hasMessageContaining("anonymous request (it needs a token)");
        assertThatThrownBy(() -> finder("tok-123-secret").newest("nope", ModelVersionPolicy.any()))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("no registered model 'nope'").hasMessageContaining("no registered models found for name=nope");
        assertThatThrownBy(() -> finder("tok-123-secret").newest("fraud", new ModelVersionPolicy("", Map.of("stage", "production"))))
                .hasMessageContaining("model 'fraud': no version is LIVE, stage=production; newest: v1 (LIVE, ")
                .hasMessageContaining("{stage=staging}");
        assertThat(ModelRegistryOptions.of(registry.url(), "tok-123-secret").toString()).doesNotContain("tok-123-secret");
    }

    @Test
    void badOptionsAreRefusedUpFront() {
        assertThatThrownBy(() -> ModelRegistryOptions.of("ftp://x", "")).hasMessageContaining("'ftp://x' is not an http(s) URL");
        assertThatThrownBy(() -> ModelRegistryOptions.of("https://me:pw@x", "")).hasMessageContaining("not in the URL");
        assertThatThrownBy(() -> new ModelVersionPolicy("v[", Map.of())).hasMessageContaining("versionPattern: not a regular expression");
        assertThatThrownBy(() -> ModelVersionPolicy.parseProperties(List.of("stage"))).hasMessageContaining("'stage' is not key=value");
        assertThat(ModelVersionPolicy.parseProperties(List.of("stage=production, team = ml", "x=1")))
                .containsExactly(Map.entry("stage", "production"), Map.entry("team", "ml"), Map.entry("x", "1"));
    }

    @Test
    void anUnreachableRegistrySaysSo() throws Exception {
        String url = registry.url();
        registry.close();
        assertThatThrownBy(() -> new ModelReleaseFinder(new ModelRegistryClient(ModelRegistryOptions.of(url, ""))).newest("m", ModelVersionPolicy.any()))
                .isInstanceOf(ModelRegistryException.class).hasMessageContaining("cannot connect to 127.0.0.1:")
                .hasMessageNotContaining("(null)");
    }
}
