package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepoRewritesTest {

    private final RepoRewrites rewrites = RepoRewrites.parse(List.of(
            "https://github.com/kubeflow/=https://git.corp/mirror/kubeflow/",
            "https://github.com/argoproj/argocd-example-apps=/srv/mirror/examples",
            "https://github.com/argoproj/argocd-example-apps/special=/srv/special"));

    @Test
    void aPrefixIsReplacedAtAPathBoundaryAndTheLongestWins() {
        assertThat(rewrites.apply("https://github.com/kubeflow/manifests")).isEqualTo("https://git.corp/mirror/kubeflow/manifests");
        assertThat(rewrites.apply("https://github.com/argoproj/argocd-example-apps")).isEqualTo("/srv/mirror/examples");
        assertThat(rewrites.apply("https://github.com/argoproj/argocd-example-apps.git")).isEqualTo("/srv/mirror/examples");
        assertThat(rewrites.apply("https://github.com/argoproj/argocd-example-apps/special")).isEqualTo("/srv/special");
        // not at a boundary: another repository whose name merely starts the same
        assertThat(rewrites.apply("https://github.com/argoproj/argocd-example-apps-fork")).isEqualTo("https://github.com/argoproj/argocd-example-apps-fork");
        assertThat(rewrites.apply("https://gitlab.com/x/y")).isEqualTo("https://gitlab.com/x/y");
    }

    @Test
    void everySourceOfAnAppIsRewritten() {
        App app = new App("kfp", "argocd", List.of(new AppSource("https://github.com/kubeflow/manifests.git", "apps/kfp", "v1.9", "", "", null),
                new AppSource("https://github.com/kubeflow/values", "", "main", "", "values", null)), null, List.of());

        App out = rewrites.apply(app);

        assertThat(out.sources()).extracting(AppSource::repoURL)
                .containsExactly("https://git.corp/mirror/kubeflow/manifests.git", "https://git.corp/mirror/kubeflow/values");
        assertThat(out.sources().get(0).path()).isEqualTo("apps/kfp");
        assertThat(RepoRewrites.none().apply(app)).isSameAs(app);
    }

    @Test
    void aMalformedRuleIsAnErrorNamingIt() {
        assertThatThrownBy(() -> RepoRewrites.parse(List.of("https://github.com/x"))).isInstanceOf(AppException.class)
                .hasMessage("repo rewrite 'https://github.com/x': expected FROM=TO (a URL prefix and its replacement)");
        assertThatThrownBy(() -> RepoRewrites.parse(List.of("https://github.com/x="))).hasMessageContaining("the replacement is empty");
    }
}
