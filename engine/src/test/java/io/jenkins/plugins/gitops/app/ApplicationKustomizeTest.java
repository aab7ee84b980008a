package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.render.KustomizeEdits;
import io.jenkins.plugins.gitops.render.KustomizeRenderer;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argo CD Applications with {@code spec.source.kustomize} overrides, parsed and rendered with real kustomize. */
class ApplicationKustomizeTest {

    @TempDir
    Path root;

    private static App parse(String yaml) {
        return ApplicationParser.parse(ManifestParser.parse(yaml, "app.yaml").get(0).object());
    }

    private static final String APP = """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web, namespace: argocd}
            spec:
              destination: {server: "https://kubernetes.default.svc", namespace: shop}
              source:
                repoURL: https://git.example/deploy.git
                path: apps/web
                kustomize:
                  namePrefix: prod-
                  commonLabels: {team: ml}
                  labelWithoutSelector: true
                  labelIncludeTemplates: true
                  commonAnnotations: {owner: argo}
                  forceCommonAnnotations: true
                  replicas:
                  - {name: web, count: "4"}
                  components: [../../components/ha]
                  patches:
                  - target: {kind: Service, name: web}
                    patch: |-
                      - op: replace
                        path: /spec/ports/0/port
                        value: 8080
                  - path: patches/limits.yaml
            """;

    @Test
    void everyKustomizeOverrideIsReadAndRendered() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kubectl.find().isPresent(), "skipped: kubectl is not on PATH");
        Path app = Files.createDirectories(root.resolve("apps/web"));
        Files.writeString(app.resolve("kustomization.yaml"), "resources: [deploy.yaml]\ncommonAnnotations: {owner: base}\n");
        Files.writeString(app.resolve("deploy.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
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
        Files.createDirectories(app.resolve("patches"));
        Files.writeString(app.resolve("patches/limits.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {template: {spec: {containers: [{name: web, resources: {limits: {memory: 1Gi}}}]}}}
                """);
        Path component = Files.createDirectories(root.resolve("components/ha"));
        Files.writeString(component.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                patches:
                - target: {kind: Deployment}
                  patch: |-
                    - {op: add, path: /spec/template/spec/priorityClassName, value: high}
                """);

        KustomizeEdits edits = parse(APP).sources().get(0).spec().kustomize().edits();
        assertThat(edits.replicas()).singleElement().satisfies(r -> assertThat(r.count()).isEqualTo(4));
        assertThat(edits.components()).containsExactly("../../components/ha");
        assertThat(edits.patches()).hasSize(2);

        List<KubeObject> objects = new KustomizeRenderer(parse(APP).sources().get(0).spec().kustomize()).render(root, app).stream()
                .map(RenderedObject::object).toList();
        Map<String, KubeObject> byKey = objects.stream().collect(java.util.stream.Collectors.toMap(o -> o.key().toString(), o -> o));

        KubeObject deploy = byKey.get("Deployment.apps/prod-web");
        assertThat(deploy.at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(deploy.at("/spec/template/spec/priorityClassName").asText()).isEqualTo("high");
        assertThat(deploy.at("/spec/template/spec/containers/0/resources/limits/memory").asText()).isEqualTo("1Gi");
        assertThat(deploy.labels()).containsEntry("team", "ml");
        assertThat(deploy.at("/spec/template/metadata/labels/team").asText()).isEqualTo("ml");
        assertThat(deploy.at("/spec/selector/matchLabels").has("team")).isFalse();
        assertThat(deploy.annotations()).containsEntry("owner", "argo");
        assertThat(byKey.get("Service/prod-web").at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    }

    @Test
    void badOverridesAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> parse(APP.replace("count: \"4\"", "count: four")))
                .isInstanceOf(AppException.class)
                .hasMessage("Application.argoproj.io/argocd/web: spec.source.kustomize.replicas[0].count: 'four' is not a whole number");
        assertThatThrownBy(() -> parse(APP.replace("target: {kind: Service, name: web}", "target: {kind: Service, named: web}")))
                .isInstanceOf(AppException.class)
                .hasMessage("Application.argoproj.io/argocd/web: spec.source.kustomize.patches[0].target.named is not supported by this engine");
        assertThatThrownBy(() -> parse(APP.replace("  - path: patches/limits.yaml", "  - {}")))
                .isInstanceOf(AppException.class)
                .hasMessageContaining("spec.source.kustomize.patches[1]: kustomize option patches: give exactly one of 'patch'");
        assertThatThrownBy(() -> parse(APP.replace("labelWithoutSelector: true", "labelWithoutSelector: false")))
                .isInstanceOf(AppException.class).hasMessageContaining("spec.source.kustomize: kustomize option labelIncludeTemplates needs");
        assertThatThrownBy(() -> parse(APP.replace("namePrefix: prod-", "commonAnnotationsEnvsubst: true")))
                .isInstanceOf(AppException.class).hasMessageContaining("spec.source.kustomize.commonAnnotationsEnvsubst is not supported");
        assertThat(parse(APP.replace("namePrefix: prod-", "commonAnnotationsEnvsubst: false")).sources()).hasSize(1);
    }
}
