package io.jenkins.plugins.gitops.image.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TagSelectorTest {

    static final List<String> TAGS = List.of("1.0.0", "v1.2.3", "1.2", "1.10.0-rc.1", "1.9.9", "latest", "sha-abc");

    private static String pick(TagPolicy p, List<String> tags) {
        return TagSelector.choose(p, tags, t -> Optional.empty()).map(TagCandidate::tag).orElse(null);
    }

    @Test
    void semverAcceptsVPrefixAndShortFormsAndSkipsPreReleases() {
        assertThat(pick(TagPolicy.semver("^1.0"), TAGS)).isEqualTo("1.9.9");
        assertThat(pick(TagPolicy.semver("~1.2"), TAGS)).isEqualTo("v1.2.3");
        assertThat(pick(TagPolicy.semver(">=1.10.0-0"), TAGS)).isEqualTo("1.10.0-rc.1");
        assertThat(pick(TagPolicy.semver("1.2.x"), List.of("1.2", "1.2.0"))).as("tie broken by tag text").isEqualTo("1.2.0");
    }

    @Test
    void badInputIsAClearError() {
        assertThatThrownBy(() -> pick(TagPolicy.semver(">=x.y"), TAGS))
                .hasMessage("semver constraint '>=x.y' does not parse (examples: ^1.2, ~1.4.0, >=1.0 <2, 1.2.x)");
        assertThatThrownBy(() -> TagFilter.of("(unclosed", List.of(), null, null))
                .hasMessageStartingWith("allow regex '(unclosed' does not compile");
        assertThatThrownBy(() -> TagFilter.of(null, List.of(), "main-(\\d+)", "$ts"))
                .hasMessage("extract group 'ts': pattern 'main-(\\d+)' has no group of that name");
        assertThatThrownBy(() -> TagStrategy.parse("newest"))
                .hasMessage("strategy 'newest': expected one of semver, newest-build, digest, alphabetical, numerical");
    }

    @Test
    void filtersAllowIgnoreExtract() {
        TagFilter f = TagFilter.of("regexp:^v?1\\.", List.of("*-rc*", "1.0.?"), null, null);
        assertThat(f.apply(TAGS)).extracting(TagCandidate::tag).containsExactly("v1.2.3", "1.2", "1.9.9");
    }

    @Test
    void newestBuildSkipsTagsWithoutCreated() {
        TagSelector.BuildTimes times = t -> t.equals("a") ? Optional.of(Instant.EPOCH) : t.equals("b") ? Optional.of(Instant.EPOCH.plusSeconds(1)) : Optional.empty();
        assertThat(TagSelector.choose(TagPolicy.of(TagStrategy.NEWEST_BUILD), List.of("a", "b", "c"), times)).map(TagCandidate::tag).contains("b");
    }

    /** Correctness on 10,000 tags; the timing is in bench/ (Benchmarks image). */
    @Test
    void choosingAmongTenThousandTags() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            tags.add((i / 1000) + "." + (i / 10 % 100) + "." + (i % 10) + (i % 7 == 0 ? "-rc." + i : ""));
        }
        assertThat(pick(TagPolicy.semver("^3.0"), tags)).isEqualTo("3.99.9");
        TagPolicy numerical = TagPolicy.of(TagStrategy.NUMERICAL).withFilter(TagFilter.of(null, List.of(), "(\\d+)\\.\\d+\\.\\d+", null));
        assertThat(pick(numerical, tags)).isNotNull();
    }
}
