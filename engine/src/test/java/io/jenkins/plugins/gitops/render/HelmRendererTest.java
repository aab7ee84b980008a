package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelmRendererTest {

    private static final Path ROOT = resources();
    private static final Path CHART = ROOT.resolve("chart");

    private static Path resources() {
        try {
            return Path.of(HelmRendererTest.class.getResource("/render").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rendersALocalChartWithReleaseNamespaceValuesAndSetValues() {
        HelmOptions options = HelmOptions.release("shop").withNamespace("prod")
                .withValueFiles(List.of("prod-values.yaml")).withValues(Map.of("image", "nginx:1.27"));

        List<RenderedObject> objs = new HelmRenderer(options).render(ROOT, CHART);

        RenderedObject deploy = objs.stream().filter(o -> o.object().kind().equals("Deployment")).findFirst().orElseThrow();
        assertThat(deploy.object().key().toString()).isEqualTo("Deployment.apps/prod/shop-web");
        assertThat(deploy.object().at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(deploy.object().at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.27");
        assertThat(deploy.source()).contains("chart/templates/deployment.yaml");
        assertThat(objs).extracting(o -> o.object().kind()).contains("CustomResourceDefinition");
    }

    @Test
    void crdsCanBeLeftOutAndKubeVersionSet() {
        List<RenderedObject> objs = new HelmRenderer(HelmOptions.release("r").withIncludeCrds(false).withCapabilities(List.of(), "v1.31.0"))
                .render(ROOT, CHART);

        assertThat(objs).extracting(o -> o.object().kind()).doesNotContain("CustomResourceDefinition");
        assertThat(objs.stream().filter(o -> o.object().kind().equals("ConfigMap")).findFirst().orElseThrow().object().at("/data/kube").asText())
                .isEqualTo("v1.31.0");
    }

    @Test
    void valuesFilesMustExistAndStayInTheRepository() {
        assertThatThrownBy(() -> new HelmRenderer(HelmOptions.release("r").withValueFiles(List.of("missing.yaml"))).render(ROOT, CHART))
                .isInstanceOf(RenderException.class).hasMessage("helm template chart: values file 'missing.yaml' not found");
        assertThatThrownBy(() -> new HelmRenderer(HelmOptions.release("r").withValueFiles(List.of("../../../../pom.xml"))).render(ROOT, CHART))
                .isInstanceOf(RenderException.class).hasMessageContaining("is outside the repository");
    }

    @Test
    void aMissingChartIsAClearError() {
        assertThatThrownBy(() -> new HelmRenderer(HelmOptions.release("r")).render(ROOT, ROOT))
                .isInstanceOf(RenderException.class).hasMessage("helm template .: no Chart.yaml in the repository root");
    }

    @Test
    void apiVersionsNeedAHelmBinary() {
        assertThatThrownBy(() -> new HelmRenderer(HelmOptions.release("r").withCapabilities(List.of("example.com/v1"), ""), null,
                new HelmLocator.Embedded()))
                .isInstanceOf(RenderException.class).hasMessageContaining("configure a helm binary");
    }

    @Test
    void autoDetectionPrefersKustomizeThenHelmThenFolder() {
        assertThat(RenderSpec.auto().resolve(CHART)).isEqualTo(RenderSpec.Tool.HELM);
        assertThat(RenderSpec.auto().resolve(ROOT)).isEqualTo(RenderSpec.Tool.DIRECTORY);
        assertThat(RenderSpec.of(RenderSpec.Tool.DIRECTORY).resolve(CHART)).isEqualTo(RenderSpec.Tool.DIRECTORY);
        assertThatThrownBy(() -> RenderSpec.Tool.parse("ksonnet")).hasMessageContaining("unknown renderer 'ksonnet'");
    }
}
