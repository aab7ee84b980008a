package io.jenkins.plugins.gitops.image.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.ImageSpec;
import io.jenkins.plugins.gitops.image.edit.KustomizationTarget;
import io.jenkins.plugins.gitops.image.edit.MarkerTarget;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.Platform;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.testkit.registry.OciRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one factory from text parameters, and tag resolution that needs no write target. */
class TagQueryTest {

    @Test
    void aTagOrDigestMeansExplicitModeAndOtherwiseSemverIsTheDefault() {
        TagQuery explicit = TagQuery.builder(" ghcr.io/acme/app:old ").tag("v2").digest("").verify(true).build();
        assertThat(explicit.explicit()).isTrue();
        assertThat(explicit.image()).isEqualTo(ImageReference.parse("ghcr.io/acme/app:v2"));
        assertThat(explicit.verify()).isTrue();

        TagQuery named = TagQuery.builder("ghcr.io/acme/app").strategy("Explicit").digest("sha256:" + "a".repeat(64)).build();
        assertThat(named.explicit()).isTrue();
        assertThat(named.image().digest()).hasValue("sha256:" + "a".repeat(64));

        TagQuery semver = TagQuery.builder("ghcr.io/acme/app").constraint("^1.2").verify(true).build();
        assertThat(semver.policy()).isEqualTo(TagPolicy.semver("^1.2"));
        assertThat(semver.verify()).as("verify is explicit mode's").isFalse();
        assertThat(semver.policy().filter().apply("1.2.0")).isPresent();
    }

    @Test
    void everyPolicyParameterReachesThePolicy() {
        TagQuery q = TagQuery.builder("ghcr.io/acme/app").strategy("numerical").order("desc").allowTags("regexp:^main-")
                .ignoreTags(List.of("main-0-*")).extract("main-(?<ts>\\d+)-[a-f0-9]+", "$ts").platform("linux/arm64")
                .platforms(List.of("linux/amd64", " linux/arm64 ")).build();
        TagPolicy p = q.policy();
        assertThat(p.strategy()).isEqualTo(TagStrategy.NUMERICAL);
        assertThat(p.order()).isEqualTo(SortOrder.DESC);
        assertThat(p.platform()).isEqualTo(Platform.parse("linux/arm64"));
        assertThat(q.platforms()).containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
        assertThat(p.filter().apply(List.of("main-0-abc", "main-17-def", "dev-20-abc", "main-x")))
                .containsExactly(new TagCandidate("main-17-def", "17"));
        assertThat(TagSelector.choose(p, List.of("main-17-abc", "main-5-def", "main-30-fed"), t -> java.util.Optional.empty()))
                .map(TagCandidate::tag).contains("main-5-def");
    }

    @Test
    void wrongCombinationsAreBadInputNamingTheImage() {
        assertThatThrownBy(() -> TagQuery.builder("ghcr.io/acme/app").tag("v2").strategy("semver").build())
                .isInstanceOf(ImageUpdateException.class)
                .hasMessage("ghcr.io/acme/app: a tag or digest (explicit mode) and strategy 'semver' exclude each other")
                .satisfies(e -> assertThat(((GitopsException) e).badInput()).isTrue());
        assertThatThrownBy(() -> TagQuery.builder(" ").build()).isInstanceOf(ImageUpdateException.class).hasMessageStartingWith("image: empty")
                .satisfies(e -> assertThat(((GitopsException) e).badInput()).isTrue());
        assertThatThrownBy(() -> TagQuery.builder("ghcr.io/acme/app").strategy("newest").build())
                .hasMessageStartingWith("strategy 'newest': expected one of");
        assertThatThrownBy(() -> TagQuery.builder("ghcr.io/acme/app").platforms(List.of("linux")).build())
                .hasMessage("platform 'linux': expected os/architecture[/variant]");
    }

    @Test
    void anImageSpecIsTheQueryAndItsTargets() {
        TagQuery q = TagQuery.builder("ghcr.io/acme/app").constraint("^1").platforms(List.of("linux/amd64")).build();
        ImageSpec spec = ImageSpec.of(q, " ", List.of("kustomization:apps/web", "marker:values.yaml"));
        assertThat(spec.targets()).containsExactly(new KustomizationTarget("apps/web"), new MarkerTarget("values.yaml"));
        assertThat(spec.alias()).isNull();
        assertThat(spec.query()).isEqualTo(q);
        assertThat(ImageSpec.of(q, "flux-system:app", List.of("marker:v.yaml")).alias()).isEqualTo("flux-system:app");
        assertThatThrownBy(() -> ImageSpec.of(q, null, List.of())).hasMessage("ghcr.io/acme/app: no write target");
    }

    /** What a registry trigger asks: the tag a policy picks, with no file to write it to. */
    @Test
    void aQueryResolvesAgainstTheRegistryWithoutAnyWriteTarget() {
        assumeTrue(OciRegistry.available(), "skipped: /usr/bin/docker-registry missing (apt-get install -y docker-registry)");
        try (OciRegistry registry = OciRegistry.start()) {
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (String t : List.of("1.0.0", "1.4.0", "1.5.0-rc.1", "2.0.0")) {
                registry.push("team/app", t, t0);
            }
            String latest = registry.push("team/app", "latest", t0);
            TagResolver resolver = new TagResolver(new RegistryClient(RegistryOptions.defaults().withHost(
                    RegistryHostConfig.anonymous(registry.host()).withPlainHttp(true))));

            ImageDecision semver = resolver.resolve(TagQuery.builder(registry.host() + "/team/app").constraint("^1").build());
            assertThat(semver.chosen().toString()).isEqualTo(registry.host() + "/team/app:1.4.0");
            assertThat(semver.reason()).isEqualTo("semver ^1: 1.4.0 of 5 tags");

            ImageDecision digest = resolver.resolve(TagQuery.builder(registry.host() + "/team/app:latest").strategy("digest").build());
            assertThat(digest.chosen().digest()).hasValue(latest);

            assertThatThrownBy(() -> resolver.resolve(TagQuery.builder(registry.host() + "/team/app").tag("9.9.9").verify(true).build()))
                    .hasMessageContaining("not found in the registry");
        }
    }
}
