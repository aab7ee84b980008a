package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {

    /** "k=v;k2=v2" so that table rows stay on one line; "" means no labels. */
    private static Map<String, String> labels(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!spec.isEmpty()) {
            for (String pair : spec.split(";")) {
                String[] kv = pair.split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    static Stream<Arguments> matching() {
        return Stream.of(
                Arguments.of("app=web", "app=web", true),
                Arguments.of("app=web", "app=db", false),
                Arguments.of("app=web", "", false),
                Arguments.of("app==web", "app=web", true),
                Arguments.of("app!=web", "app=db", true),
                Arguments.of("app!=web", "app=web", false),
                // Kubernetes: != also matches objects without the label.
                Arguments.of("app!=web", "", true),
                Arguments.of("env in (prod, staging)", "env=staging", true),
                Arguments.of("env in (prod,staging)", "env=dev", false),
                Arguments.of("env in (prod)", "", false),
                Arguments.of("env notin (prod,staging)", "env=dev", true),
                Arguments.of("env notin (prod,staging)", "env=prod", false),
                // Kubernetes: notin also matches objects without the label.
                Arguments.of("env notin (prod)", "", true),
                Arguments.of("tier", "tier=", true),
                Arguments.of("tier", "app=web", false),
                Arguments.of("!tier", "app=web", true),
                Arguments.of("!tier", "tier=x", false),
                Arguments.of("app=web,tier=front", "app=web;tier=front", true),
                Arguments.of("app=web,tier=front", "app=web;tier=back", false),
                Arguments.of("  app = web ,  ! tier ", "app=web", true),
                Arguments.of("app.kubernetes.io/name=argo", "app.kubernetes.io/name=argo", true),
                Arguments.of("app.kubernetes.io/name in (argo,flux),!example.com/skip", "app.kubernetes.io/name=flux", true),
                Arguments.of("app=", "app=", true),
                Arguments.of("app=", "app=x", false),
                Arguments.of("app in ()", "app=", true),
                Arguments.of("app in (a,)", "app=", true),
                Arguments.of("replicas>2", "replicas=3", true),
                Arguments.of("replicas>2", "replicas=2", false),
                Arguments.of("replicas<2", "replicas=1", true),
                Arguments.of("replicas<2", "replicas=x", false),
                Arguments.of("replicas<2", "", false),
                Arguments.of("", "a=b", true),
                Arguments.of("Upper_Case.9=Value-1.x", "Upper_Case.9=Value-1.x", true));
    }

    @ParameterizedTest(name = "[{0}] on [{1}] -> {2}")
    @MethodSource("matching")
    void matches(String selector, String labels, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(labels(labels))).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void nullOrBlankMatchesEverything(String selector) {
        LabelSelector s = LabelSelector.parse(selector);
        assertThat(s.isEverything()).isTrue();
        assertThat(s.matches(Map.of("a", "b"))).isTrue();
        assertThat(s.matches(null)).isTrue();
        assertThat(s.toString()).isEmpty();
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "app=web                               | app=web",
        "app == web                            | app=web",
        "tier , app!=web                       | app!=web,tier",
        "env in ( staging , prod )             | env in (prod,staging)",
        "env notin (b,a,b)                     | env notin (a,b)",
        "!b,a                                  | a,!b",
        "app=                                  | app=",
        "app in ()                             | app in ()",
        "x>1 , w<2                             | w<2,x>1",
        "app.kubernetes.io/name=argo,a=b       | a=b,app.kubernetes.io/name=argo",
    })
    void canonicalFormRoundTrips(String selector, String canonical) {
        LabelSelector parsed = LabelSelector.parse(selector);
        assertThat(parsed.toString()).isEqualTo(canonical);
        LabelSelector again = LabelSelector.parse(parsed.toString());
        assertThat(again).isEqualTo(parsed);
        assertThat(again.toString()).isEqualTo(canonical);
        assertThat(again.hashCode()).isEqualTo(parsed.hashCode());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("app=web=x", "expected ',' or end of selector"),
                Arguments.of("app web", "expected an operator"),
                Arguments.of("=web", "expected a label key"),
                Arguments.of("app in prod", "expected '(' after 'in'"),
                Arguments.of("app in (a", "expected a value, ',' or ')'"),
                Arguments.of("app in (a b)", "expected ',' or ')'"),
                Arguments.of("app notin", "expected '(' after 'notin'"),
                Arguments.of("!", "expected a label key after '!'"),
                Arguments.of("!app=web", "must stand alone"),
                Arguments.of("app,", "expected a label key"),
                Arguments.of(",app", "expected a label key"),
                Arguments.of("app>x", "must be an integer"),
                Arguments.of("app>", "expected an integer"),
                Arguments.of("-app=x", "label key name \"-app\""),
                Arguments.of("a".repeat(64) + "=x", "at most 63"),
                Arguments.of("Example.COM/name=x", "lowercase DNS subdomain"),
                Arguments.of("/name=x", "empty prefix"),
                Arguments.of("a/b/c=x", "more than one '/'"),
                Arguments.of("example.com/=x", "empty name"),
                Arguments.of("app=-bad-", "label value \"-bad-\""),
                Arguments.of("app in (ok, bad!)", "in the value list of 'in' at position 15 ('!')"),
                Arguments.of("app=(x)", "expected a value after '='"));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("invalid")
    void rejectsInvalidSelectorsNamingThem(String selector, String problem) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid label selector \"" + selector + "\": ")
                .hasMessageContaining(problem);
    }

    @Test
    void errorMessagesSayWhere() {
        assertThatThrownBy(() -> LabelSelector.parse("app=web,tier in x"))
                .hasMessageContaining("at position 16 ('x')");
        assertThatThrownBy(() -> LabelSelector.parse("app in"))
                .hasMessageContaining("at end of input");
    }

    @Test
    void exposesRequirementsSortedByKey() {
        LabelSelector s = LabelSelector.parse("b in (y,x),a");
        assertThat(s.requirements()).extracting(LabelSelector.Requirement::key).containsExactly("a", "b");
        assertThat(s.requirements().get(1).operator()).isEqualTo(LabelSelector.Operator.IN);
        assertThat(s.requirements().get(1).values()).containsExactly("x", "y");
    }

    @Test
    void handBuiltRequirementsAreValidated() {
        assertThatThrownBy(() -> new LabelSelector.Requirement("a", LabelSelector.Operator.GREATER_THAN, new java.util.TreeSet<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot have values []");
        assertThatThrownBy(() -> new LabelSelector.Requirement("a", LabelSelector.Operator.EXISTS, new java.util.TreeSet<>(java.util.Set.of("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
