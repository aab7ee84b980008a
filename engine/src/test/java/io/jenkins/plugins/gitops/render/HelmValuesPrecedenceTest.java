package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.render.chart.TestCharts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inline values and {@code $ref} value files, in Helm's order: chart < valueFiles < inline < set. */
class HelmValuesPrecedenceTest {

    @TempDir
    Path tmp;

    private JsonNode data(HelmOptions options) {
        Path chart = TestCharts.folder(tmp, "web", "1.0.0");
        List<RenderedObject> objs = new HelmRenderer(options).render(tmp, chart);
        return objs.get(0).object().at("/data");
    }

    @Test
    void valueFilesThenInlineValuesThenSetValues() {
        JsonNode data = data(HelmOptions.release("r").withValueFiles(List.of("prod.yaml"))
                .withInlineValues("color: inline\nsize: inline\n").withValues(Map.of("color", "set")));

        assertThat(data.path("color").asText()).isEqualTo("set");
        assertThat(data.path("size").asText()).isEqualTo("inline");
        assertThat(data.path("owner").asText()).isEqualTo("file");
        assertThat(data.path("tier").asText()).isEqualTo("chart");
    }

    @Test
    void jsonInlineValuesWork() {
        assertThat(data(HelmOptions.release("r").withInlineValues("{\"tier\":\"json\"}")).path("tier").asText()).isEqualTo("json");
    }

    @Test
    void inlineValuesChangeTheCacheKey() {
        assertThat(new HelmRenderer(HelmOptions.release("r").withInlineValues("a: 1")).cacheKey())
                .isNotEqualTo(new HelmRenderer(HelmOptions.release("r").withInlineValues("a: 2")).cacheKey());
    }

    @Test
    void inlineValuesMustBeAMapping() {
        assertThat(InlineValues.check("", "f")).isEmpty();
        assertThatThrownBy(() -> InlineValues.check("- a\n- b\n", "spec.source.helm.values"))
                .isInstanceOf(RenderException.class).hasMessage("spec.source.helm.values: Helm values must be a mapping (key: value), not a list");
        assertThatThrownBy(() -> InlineValues.check("a: [1\n", "--values-inline")).hasMessageStartingWith("--values-inline: invalid YAML: ");
    }

    @Test
    void refValueFilesComeFromTheirSourceAndKeyTheCacheByContent() throws IOException {
        Path config = Files.createDirectories(tmp.resolve("config/envs/prod"));
        Files.writeString(config.resolve("values.yaml"), "owner: ref\n");
        HelmOptions options = HelmOptions.release("r").withValueFiles(List.of("prod.yaml", "$values/envs/prod/values.yaml"))
                .withRefRoots(Map.of("values", tmp.resolve("config")));

        assertThat(data(options).path("owner").asText()).isEqualTo("ref");
        String before = new HelmRenderer(options).cacheKey();
        Files.writeString(config.resolve("values.yaml"), "owner: changed\n");
        assertThat(new HelmRenderer(options).cacheKey()).isNotEqualTo(before);
    }

    @Test
    void refValueFilesMustNameAKnownRefAndStayInIt() {
        assertThatThrownBy(() -> data(HelmOptions.release("r").withValueFiles(List.of("$nope/values.yaml"))))
                .isInstanceOf(RenderException.class).hasMessageEndingWith("values file '$nope/values.yaml': no source with ref 'nope'");
        assertThatThrownBy(() -> data(HelmOptions.release("r").withValueFiles(List.of("$values/../web-1.0.0/web/prod.yaml"))
                .withRefRoots(Map.of("values", tmp.resolve("config")))))
                .hasMessageEndingWith("values file '$values/../web-1.0.0/web/prod.yaml' is outside the source 'values'");
    }
}
