package io.jenkins.plugins.gitops.image.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.edit.Desired;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.Platform;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryCredentials;
import io.jenkins.plugins.gitops.registry.RegistryException;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.testkit.registry.OciRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each strategy and auth case against a real registry (Debian's docker-registry, htpasswd basic auth). */
class RegistryStrategiesTest {

    static OciRegistry registry;
    static String latestDigest;
    static RegistryClient client;
    static ImageReference app;

    @BeforeAll
    static void start() {
        assumeTrue(OciRegistry.authAvailable(), "skipped: /usr/bin/docker-registry or /usr/bin/htpasswd missing "
                + "(apt-get install -y docker-registry apache2-utils)");
        registry = OciRegistry.start("ci", "pa55");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String[] tags = {"1.0.0", "1.2.0", "1.10.0", "v1.9.0", "2.0.0-rc.1", "main-100-abc1234", "main-20-def5678", "build-7", "build-12"};
        for (int i = 0; i < tags.length; i++) {
            registry.push("team/app", tags[i], t0.plusSeconds(i * 60L));
        }
        // Built last although its version is lowest: newest-build must pick it, semver must not.
        registry.push("team/app", "0.9.0-hotfix", t0.plusSeconds(3600));
        latestDigest = registry.push("team/app", "latest", t0);
        registry.pushIndex("team/multi", "1.0", OciRegistry.platforms("linux/amd64", t0, "linux/arm64", t0.plusSeconds(5)));
        client = new RegistryClient(RegistryOptions.defaults().withHost(
                new RegistryHostConfig(registry.host(), true, null, new RegistryCredentials("ci", "pa55"))));
        app = ImageReference.parse(registry.host() + "/team/app");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private String choose(TagPolicy policy) {
        return new TagResolver(client).resolve(new TagQuery(app, policy, false, List.of()))
                .chosen().tag().orElseThrow();
    }

    @Test
    void listsTags() {
        assertThat(client.listTags(app)).hasSize(11).contains("1.10.0", "latest");
    }

    @Test
    void semverWithConstraints() {
        assertThat(choose(TagPolicy.semver("^1.0"))).isEqualTo("1.10.0");
        assertThat(choose(TagPolicy.semver("~1.2.0"))).isEqualTo("1.2.0");
        assertThat(choose(TagPolicy.semver(">=1.0 <1.10"))).isEqualTo("v1.9.0");
        assertThat(choose(TagPolicy.semver(">=1.0"))).as("no pre-release unless asked").isEqualTo("1.10.0");
        assertThat(choose(TagPolicy.semver(">=1.0").withPrerelease(true))).isEqualTo("2.0.0-rc.1");
    }

    @Test
    void newestBuildByConfigCreated() {
        assertThat(choose(TagPolicy.of(TagStrategy.NEWEST_BUILD))).isEqualTo("0.9.0-hotfix");
        assertThat(choose(TagPolicy.of(TagStrategy.NEWEST_BUILD).withFilter(TagFilter.of("^main-", List.of(), null, null))))
                .isEqualTo("main-20-def5678");
    }

    @Test
    void digestFollowsAMutableTag() {
        ImageDecision d = new TagResolver(client).resolve(new TagQuery(app.withTag("latest"), TagPolicy.of(TagStrategy.DIGEST), false, List.of()));
        assertThat(d.chosen().toString()).isEqualTo(registry.host() + "/team/app:latest@" + latestDigest);
        assertThat(new Desired.Image(d.chosen(), null).tagValue()).isEqualTo("latest@" + latestDigest);
    }

    @Test
    void alphabeticalAndNumericalWithExtract() {
        TagFilter main = TagFilter.of(null, List.of(), "main-(?<ts>\\d+)-[a-f0-9]+", "$ts");
        assertThat(choose(TagPolicy.of(TagStrategy.NUMERICAL).withFilter(main))).isEqualTo("main-100-abc1234");
        assertThat(choose(TagPolicy.of(TagStrategy.NUMERICAL).withFilter(main).withOrder(SortOrder.DESC))).isEqualTo("main-20-def5678");
        assertThat(choose(TagPolicy.of(TagStrategy.ALPHABETICAL).withFilter(main))).as("'20' > '100' as text").isEqualTo("main-20-def5678");
        assertThat(choose(TagPolicy.of(TagStrategy.NUMERICAL).withFilter(TagFilter.of("^build-", List.of("build-1?"), "build-(\\d+)", null))))
                .isEqualTo("build-7");
    }

    @Test
    void platformsAndCreatedOfAnIndex() {
        ImageReference multi = ImageReference.parse(registry.host() + "/team/multi:1.0");
        assertThat(client.platforms(multi)).containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
        assertThat(client.created(multi, Platform.parse("linux/arm64"))).contains(Instant.parse("2026-01-01T00:00:05Z"));
        assertThat(client.platforms(app.withTag("1.0.0"))).containsExactly(Platform.parse("linux/amd64"));
    }

    @Test
    void explicitModeVerifiesTheTag() {
        TagResolver r = new TagResolver(client);
        assertThat(r.resolve(new TagQuery(app.withTag("1.2.0"), null, true, List.of())).reason())
                .isEqualTo("explicit, verified in the registry");
        assertThatThrownBy(() -> r.resolve(new TagQuery(app.withTag("9.9.9"), null, true, List.of())))
                .hasMessage(registry.host() + "/team/app:9.9.9: not found in the registry (explicit tag verified before writing)");
    }

    @Test
    void refusedCredentialsAndAnonymousAccessAreClearErrors() {
        RegistryClient wrong = new RegistryClient(RegistryOptions.defaults().withHost(
                new RegistryHostConfig(registry.host(), true, null, new RegistryCredentials("ci", "wrong-secret"))));
        assertThatThrownBy(() -> wrong.listTags(app)).isInstanceOf(RegistryException.class)
                .hasMessage(registry.host() + "/team/app: registry " + registry.host() + " refused access: credentials of user 'ci' refused")
                .hasMessageNotContaining("wrong-secret");
        RegistryClient anonymous = new RegistryClient(RegistryOptions.defaults().withHost(RegistryHostConfig.anonymous(registry.host()).withPlainHttp(true)));
        assertThatThrownBy(() -> anonymous.listTags(app)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("authentication required and no credentials configured");
    }

    @Test
    void platformsSkipTagsWhoseManifestLacksOneAndAreReadOnlyWhenAsked() {
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        registry.pushIndex("team/plat", "1.0.0", OciRegistry.platforms("linux/amd64", t0, "linux/arm64", t0));
        registry.push("team/plat", "1.1.0", t0.plusSeconds(60)); // newer, amd64 only (a single-arch manifest: its config says so)
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        RegistryClient logged = new RegistryClient(RegistryOptions.defaults().withHost(
                new RegistryHostConfig(registry.host(), true, null, new RegistryCredentials("ci", "pa55"))), log::add);
        ImageReference plat = ImageReference.parse(registry.host() + "/team/plat");
        TagQuery spec = new TagQuery(plat, TagPolicy.semver("^1"), false, List.of());
        TagResolver resolver = new TagResolver(logged);

        assertThat(resolver.resolve(spec).chosen().tag()).hasValue("1.1.0");
        assertThat(log).as("no manifest read without platforms").noneMatch(l -> l.contains("platforms"));

        ImageDecision arm = resolver.resolve(spec.withPlatforms(List.of(Platform.parse("linux/arm64"))));
        assertThat(arm.chosen().tag()).hasValue("1.0.0");
        assertThat(arm.reason()).contains("[linux/arm64]").contains("skipped 1.1.0");
        assertThat(resolver.resolve(spec.withPlatforms(List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")))).chosen().tag())
                .hasValue("1.0.0");
        assertThat(resolver.resolve(spec.withPlatforms(List.of(Platform.parse("linux/amd64")))).chosen().tag()).hasValue("1.1.0");
        assertThat(log.stream().filter(l -> l.contains("platforms")).count()).as("cached per digest").isEqualTo(2);

        assertThatThrownBy(() -> resolver.resolve(spec.withPlatforms(List.of(Platform.parse("linux/arm64"), Platform.parse("linux/s390x")))))
                .isInstanceOf(ImageUpdateException.class)
                .hasMessage(plat.name() + ": no tag of 2 matches semver ^1 and provides platforms [linux/arm64, linux/s390x]"
                        + " (lacking a platform: 1.1.0, 1.0.0)");
    }

    @Test
    void noTagMatchingIsAnError() {
        assertThatThrownBy(() -> choose(TagPolicy.semver("^7")))
                .hasMessage(app.name() + ": no tag of 11 matches semver ^7");
    }
}
