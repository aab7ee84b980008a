package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argo CD's patches, components, replicas and label/annotation flags, through real {@code kubectl kustomize}. */
class KustomizeEditsTest {

    @TempDir
    Path root;
    Path app;

    @BeforeEach
    void app() throws Exception {
        Kubectl.assumeAvailable();
        app = Files.createDirectories(root.resolve("apps/web"));
        Files.writeString(app.resolve("kustomization.yaml"), "resources: [deploy.yaml]\ncommonAnnotations: {owner: base}\ncommonLabels: {tier: base}\n");
        Files.writeString(app.resolve("deploy.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx:1.25}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {selector: {app: web}, ports: [{port: 80}]}
                """);
    }

    private KubeObject render(KustomizeOptions options, String key) {
        return new KustomizeRenderer(options).render(root, app).stream().map(RenderedObject::object)
                .filter(o -> o.key().toString().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no " + key));
    }

    private static KustomizeOptions edits(KustomizeEdits edits) {
        return KustomizeOptions.defaults().withEdits(edits);
    }

    @Test
    void inlineStrategicMergePatchWithoutTarget() {
        KustomizePatch patch = KustomizePatch.inline("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {template: {spec: {containers: [{name: web, resources: {limits: {cpu: "2"}}}]}}}
                """, Map.of());

        KubeObject d = render(edits(KustomizeEdits.none().withPatches(List.of(patch))), "Deployment.apps/web");

        assertThat(d.at("/spec/template/spec/containers/0/resources/limits/cpu").asText()).isEqualTo("2");
        assertThat(d.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.25");
    }

    @Test
    void json6902PatchWithATargetSelector() {
        KustomizePatch patch = KustomizePatch.inline("""
                - op: replace
                  path: /spec/ports/0/port
                  value: 8080
                """, Map.of("kind", "Service", "name", "web"));

        assertThat(render(edits(KustomizeEdits.none().withPatches(List.of(patch))), "Service/web").at("/spec/ports/0/port").asInt())
                .isEqualTo(8080);
    }

    @Test
    void aPatchFileIsReadRelativeToTheAppAndMustStayInTheRepository() throws Exception {
        Files.writeString(root.resolve("apps/patch.yaml"), "- {op: add, path: /metadata/annotations/patched, value: \"yes\"}\n");
        KustomizePatch fromFile = new KustomizePatch("", "../patch.yaml", Map.of("kind", "Deployment"), Map.of());

        assertThat(render(edits(KustomizeEdits.none().withPatches(List.of(fromFile))), "Deployment.apps/web")
                .at("/metadata/annotations/patched").asText()).isEqualTo("yes");

        KustomizePatch escaping = new KustomizePatch("", "../../../etc/passwd", Map.of("kind", "Deployment"), Map.of());
        assertThatThrownBy(() -> render(edits(KustomizeEdits.none().withPatches(List.of(escaping))), "Deployment.apps/web"))
                .isInstanceOf(RenderException.class).hasMessageContaining("patches[0].path").hasMessageContaining("leaves the repository");
    }

    @Test
    void componentsAreResolvedFromTheAppFolderAndMustStayInTheRepository() throws Exception {
        Path component = Files.createDirectories(root.resolve("components/ha"));
        Files.writeString(component.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                patches:
                - target: {kind: Deployment}
                  patch: |-
                    - {op: add, path: /metadata/annotations/ha, value: "on"}
                """);

        KubeObject d = render(edits(KustomizeEdits.none().withComponents(List.of("../../components/ha"), false)), "Deployment.apps/web");
        assertThat(d.at("/metadata/annotations/ha").asText()).isEqualTo("on");

        assertThatThrownBy(() -> render(edits(KustomizeEdits.none().withComponents(List.of("../../../outside"), false)), "Service/web"))
                .isInstanceOf(RenderException.class).hasMessageContaining("components[0]").hasMessageContaining("leaves the repository");
        assertThatThrownBy(() -> render(edits(KustomizeEdits.none().withComponents(List.of("../../components/none"), false)), "Service/web"))
                .isInstanceOf(RenderException.class).hasMessageContaining("components[0]: '../../components/none' is not a folder");
        assertThat(render(edits(KustomizeEdits.none().withComponents(List.of("../../components/none"), true)), "Service/web")).isNotNull();
    }

    @Test
    void aComponentReachedThroughASymlinkOutOfTheRepositoryIsRefused() throws Exception {
        Path outside = Files.createDirectories(root.resolveSibling(root.getFileName() + "-outside"));
        Files.writeString(outside.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
        Files.createSymbolicLink(root.resolve("link"), outside);

        assertThatThrownBy(() -> render(edits(KustomizeEdits.none().withComponents(List.of("../../link"), false)), "Service/web"))
                .isInstanceOf(RenderException.class).hasMessageContaining("leaves the repository");
    }

    @Test
    void replicasSetTheCountByTheOriginalName() {
        KustomizeOptions options = edits(KustomizeEdits.none().withReplicas(List.of(new KustomizeReplica("web", KustomizeReplica.parseCount("3", "count")))))
                .withNames("pre-", "");

        assertThat(render(options, "Deployment.apps/pre-web").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThatThrownBy(() -> KustomizeReplica.parseCount("three", "replicas[0].count"))
                .isInstanceOf(RenderException.class).hasMessage("replicas[0].count: 'three' is not a whole number");
    }

    @Test
    void commonAnnotationsAreAddedAndMayNotReplaceTheAppsOwnUnlessForced() {
        KubeObject d = render(KustomizeOptions.defaults().withCommonAnnotations(Map.of("team", "ml")), "Deployment.apps/web");
        assertThat(d.annotations()).containsEntry("team", "ml").containsEntry("owner", "base");

        KustomizeOptions clash = KustomizeOptions.defaults().withCommonAnnotations(Map.of("owner", "argo"));
        assertThatThrownBy(() -> render(clash, "Deployment.apps/web"))
                .isInstanceOf(RenderException.class).hasMessageContaining("commonAnnotations: [owner] already set")
                .hasMessageContaining("forceCommonAnnotations");
        assertThat(render(clash.withEdits(KustomizeEdits.none().withForce(false, true)), "Deployment.apps/web").annotations())
                .containsEntry("owner", "argo");
    }

    @Test
    void commonLabelsMayNotReplaceTheAppsOwnUnlessForced() {
        KustomizeOptions clash = KustomizeOptions.defaults().withCommonLabels(Map.of("tier", "argo"));
        assertThatThrownBy(() -> render(clash, "Deployment.apps/web"))
                .isInstanceOf(RenderException.class).hasMessageContaining("commonLabels: [tier] already set").hasMessageContaining("forceCommonLabels");

        KubeObject d = render(clash.withEdits(KustomizeEdits.none().withForce(true, false)), "Deployment.apps/web");
        assertThat(d.labels()).containsEntry("tier", "argo");
        assertThat(d.at("/spec/selector/matchLabels/tier").asText()).isEqualTo("argo");
    }

    @Test
    void labelWithoutSelectorLeavesSelectorsAndOptionallyIncludesTemplates() {
        KustomizeOptions labels = KustomizeOptions.defaults().withCommonLabels(Map.of("team", "ml"));

        KubeObject metadataOnly = render(labels.withEdits(KustomizeEdits.none().withLabelScope(true, false)), "Deployment.apps/web");
        assertThat(metadataOnly.labels()).containsEntry("team", "ml");
        assertThat(metadataOnly.at("/spec/selector/matchLabels").has("team")).isFalse();
        assertThat(metadataOnly.at("/spec/template/metadata/labels").has("team")).isFalse();

        KubeObject templates = render(labels.withEdits(KustomizeEdits.none().withLabelScope(true, true)), "Deployment.apps/web");
        assertThat(templates.at("/spec/selector/matchLabels").has("team")).isFalse();
        assertThat(templates.at("/spec/template/metadata/labels/team").asText()).isEqualTo("ml");

        KubeObject everywhere = render(labels, "Deployment.apps/web");
        assertThat(everywhere.at("/spec/selector/matchLabels/team").asText()).isEqualTo("ml");

        assertThatThrownBy(() -> KustomizeEdits.none().withLabelScope(false, true))
                .isInstanceOf(RenderException.class).hasMessageContaining("labelIncludeTemplates needs labelWithoutSelector");
    }

    @Test
    void editsAreValidatedAndPartOfTheCacheKey() {
        assertThatThrownBy(() -> new KustomizePatch("x", "p.yaml", Map.of(), Map.of()))
                .isInstanceOf(RenderException.class).hasMessageContaining("exactly one of 'patch'");
        assertThatThrownBy(() -> KustomizePatch.inline("x", Map.of("kinds", "Deployment")))
                .isInstanceOf(RenderException.class).hasMessageContaining("unknown target field 'kinds'");
        assertThat(new KustomizeRenderer(edits(KustomizeEdits.none().withReplicas(List.of(new KustomizeReplica("web", 2))))).cacheKey())
                .isNotEqualTo(new KustomizeRenderer(edits(KustomizeEdits.none().withReplicas(List.of(new KustomizeReplica("web", 3))))).cacheKey());
    }
}
