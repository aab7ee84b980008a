package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderSpec;
import org.junit.jupiter.api.Test;

class ApplicationParserTest {

    static KubeObject app(String yaml) {
        return ManifestParser.parse(yaml, "app.yaml").get(0).object();
    }

    @Test
    void readsSourceDestinationAndSyncOptions() {
        App app = ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: kubeflow, namespace: argocd}
                spec:
                  source:
                    repoURL: https://github.com/org/deploy.git
                    path: example
                    targetRevision: v1.10
                    kustomize:
                      images: ["nginx:1.27"]
                      namePrefix: kf-
                      commonLabels: {team: ml}
                  destination: {server: "https://kubernetes.default.svc", namespace: kubeflow}
                  syncPolicy:
                    syncOptions: [CreateNamespace=true, ServerSideApply=true, PrunePropagationPolicy=background]
                """));

        assertThat(app.name()).isEqualTo("kubeflow");
        AppSource s = app.sources().get(0);
        assertThat(s.describe()).isEqualTo("https://github.com/org/deploy.git@v1.10:example");
        assertThat(s.spec().tool()).isEqualTo(RenderSpec.Tool.KUSTOMIZE);
        assertThat(s.spec().kustomize().images()).containsExactly("nginx:1.27");
        assertThat(s.spec().kustomize().namePrefix()).isEqualTo("kf-");
        assertThat(s.spec().kustomize().commonLabels()).containsEntry("team", "ml");
        assertThat(app.destination().inCluster()).isTrue();
        assertThat(app.destination().namespace()).isEqualTo("kubeflow");
        assertThat(app.hasSyncOption("createnamespace")).isTrue();
        assertThat(app.hasSyncOption("Replace")).isFalse();
        assertThat(app.syncOption("PrunePropagationPolicy")).isEqualTo("background");
    }

    @Test
    void multiSourceWithHelmDefaultsReleaseAndNamespaceLikeArgoCd() {
        App app = ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: shop}
                spec:
                  sources:
                  - repoURL: https://git.example/charts.git
                    path: web
                    helm:
                      valueFiles: [prod.yaml]
                      parameters: [{name: image.tag, value: "2"}]
                      skipCrds: true
                  - repoURL: https://git.example/config.git
                    ref: values
                  destination: {name: in-cluster, namespace: prod}
                """));

        assertThat(app.sources()).hasSize(2);
        var helm = app.sources().get(0).spec().helm();
        assertThat(helm.releaseName()).isEqualTo("shop");
        assertThat(helm.namespace()).isEqualTo("prod");
        assertThat(helm.values()).containsEntry("image.tag", "2");
        assertThat(helm.includeCrds()).isFalse();
        assertThat(app.sources().get(1).rendersManifests()).isFalse();
        assertThat(app.sources().get(0).targetRevision()).isEqualTo("HEAD");
    }

    @Test
    void unsupportedOptionsAreRefusedWithTheirPath() {
        // a kustomize version is accepted, kept as a name (the expander maps it to a configured binary)
        assertThat(ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: a, namespace: argocd}
                spec:
                  source: {repoURL: r, path: p, kustomize: {version: v5.0.0}}
                """)).sources().get(0).spec().kustomize().version()).isEqualTo("v5.0.0");
        assertThatThrownBy(() -> ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: a}
                spec: {destination: {}}
                """))).hasMessageContaining("spec.source or spec.sources is required");
        assertThatThrownBy(() -> ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: a}
                spec: {source: {repoURL: r, chart: nginx, targetRevision: 1.0.0, helm: {fileParameters: [{name: a, path: b}]}}}
                """))).hasMessageContaining("spec.source.helm.fileParameters is not supported by this engine");
    }
}
