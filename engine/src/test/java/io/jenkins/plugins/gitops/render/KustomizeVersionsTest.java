package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KustomizeVersionsTest {

    @Test
    void aConfiguredVersionRendersWithItsBinaryWithOrWithoutTheLeadingV() {
        KustomizeVersions versions = KustomizeVersions.parse(List.of("v4.5.7=/opt/kustomize-4.5.7", "5.0.0=/opt/kustomize-5"));

        KustomizeVersions.Resolved r = versions.resolve(KustomizeOptions.defaults().withVersion("4.5.7"), "Application a: spec.source.kustomize.version");
        assertThat(r.options().binary()).contains(Path.of("/opt/kustomize-4.5.7"));
        assertThat(r.warning()).isEmpty();
        assertThat(versions.resolve(KustomizeOptions.defaults().withVersion("v5.0.0"), "x").options().binary()).contains(Path.of("/opt/kustomize-5"));
    }

    @Test
    void anUnconfiguredVersionKeepsTheDefaultKustomizeAndSaysSo() {
        KustomizeVersions versions = KustomizeVersions.parse(List.of("v4.5.7=/opt/kustomize-4.5.7"));

        KustomizeVersions.Resolved r = versions.resolve(KustomizeOptions.defaults().withVersion("v3.9.0"), "Application a: spec.source.kustomize.version");

        assertThat(r.options().binary()).isEmpty();
        assertThat(r.warning()).isEqualTo("Application a: spec.source.kustomize.version v3.9.0: no kustomize configured for this version"
                + " (configured: v4.5.7); rendering with the default kustomize (map it with --kustomize-path v3.9.0=PATH)");
        assertThat(versions.resolve(KustomizeOptions.defaults(), "x").warning()).isEmpty();
    }

    @Test
    void aMalformedEntryIsAnError() {
        assertThatThrownBy(() -> KustomizeVersions.parse(List.of("/opt/kustomize"))).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("kustomize path '/opt/kustomize': expected VERSION=PATH");
    }
}
