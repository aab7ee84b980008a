package io.jenkins.plugins.gitops.app;

import static io.jenkins.plugins.gitops.app.ApplicationParserTest.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.render.RenderSpec;
import org.junit.jupiter.api.Test;

/** The Helm part of Argo CD Applications: chart repositories, inline values, {@code $ref} value files. */
class HelmApplicationParserTest {

    @Test
    void aChartRepositorySourceKeepsChartAndVersion() {
        App app = ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web, namespace: argocd}
                spec:
                  source: {repoURL: "https://charts.example/stable", chart: web, targetRevision: "1.2.*"}
                  destination: {namespace: prod}
                """));

        AppSource s = app.sources().get(0);
        assertThat(s.chart()).isEqualTo("web");
        assertThat(s.targetRevision()).isEqualTo("1.2.*");
        assertThat(s.path()).isEmpty();
        assertThat(s.spec().tool()).isEqualTo(RenderSpec.Tool.HELM);
        assertThat(s.spec().helm().releaseName()).isEqualTo("web");
        assertThat(s.spec().helm().namespace()).isEqualTo("prod");
        assertThat(s.describe()).isEqualTo("https://charts.example/stable@1.2.*:chart web");
    }

    @Test
    void aChartWithoutTargetRevisionMeansTheNewestVersionNotHead() {
        App app = ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec: {source: {repoURL: "registry.example/charts", chart: web}}
                """));

        assertThat(app.sources().get(0).targetRevision()).isEmpty();
    }

    @Test
    void valuesObjectReplacesValuesAsInArgoCd() {
        App both = ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  source:
                    repoURL: r
                    chart: web
                    helm:
                      values: |
                        size: text
                        tier: text
                      valuesObject: {size: object}
                      passCredentials: true
                """));
        App text = ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  source:
                    repoURL: r
                    path: chart
                    helm:
                      values: |
                        size: text
                """));

        assertThat(both.sources().get(0).spec().helm().inlineValues()).isEqualTo("{\"size\":\"object\"}");
        assertThat(text.sources().get(0).spec().helm().inlineValues()).isEqualTo("size: text\n");
        assertThat(both.sources().get(0).spec().helm().passCredentials()).isTrue();
        assertThat(text.sources().get(0).spec().helm().passCredentials()).isFalse();
    }

    @Test
    void badInlineValuesNameTheField() {
        assertThatThrownBy(() -> ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web, namespace: argocd}
                spec: {source: {repoURL: r, path: p, helm: {values: "- a\\n- b\\n"}}}
                """))).isInstanceOf(AppException.class)
                .hasMessage("Application.argoproj.io/argocd/web: spec.source.helm.values: Helm values must be a mapping (key: value), not a list");
        assertThatThrownBy(() -> ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec: {source: {repoURL: r, path: p, helm: {valuesObject: [a]}}}
                """))).hasMessageContaining("spec.source.helm.valuesObject: must be a mapping");
    }

    @Test
    void refValueFilesMustNameAGitSourceWithThatRef() {
        App ok = ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  sources:
                  - {repoURL: "https://charts.example", chart: web, targetRevision: 1.0.0, helm: {valueFiles: [$values/prod/values.yaml]}}
                  - {repoURL: "https://git.example/config.git", targetRevision: main, ref: values}
                """));
        assertThat(ok.sources().get(0).spec().helm().refNames()).containsExactly("values");
        assertThat(ok.sources().get(1).rendersManifests()).isFalse();

        assertThatThrownBy(() -> ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  sources:
                  - {repoURL: "https://charts.example", chart: web, helm: {valueFiles: [$vals/prod/values.yaml]}}
                  - {repoURL: "https://git.example/config.git", ref: values}
                """))).isInstanceOf(AppException.class)
                .hasMessageEndingWith("spec.sources[0].helm.valueFiles: '$vals/...': no source has ref 'vals' (refs: values)");
        assertThatThrownBy(() -> ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  sources:
                  - {repoURL: "https://charts.example", chart: web, helm: {valueFiles: [$values]}}
                  - {repoURL: "https://git.example/config.git", ref: values}
                """))).hasMessageContaining("'$values': a value file of another source is $ref/path");
    }

    @Test
    void aChartCannotBeRenderedWithKustomize() {
        assertThatThrownBy(() -> ApplicationParser.parse(app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec: {source: {repoURL: r, chart: web, kustomize: {namePrefix: a-}}}
                """))).hasMessageContaining("spec.source.kustomize: a chart from a chart repository renders with Helm only");
    }
}
