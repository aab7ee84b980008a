package io.jenkins.plugins.gitops.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.GitopsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthCheckSpecTest {

    private static final HealthCheckSpec SPEC = HealthCheckSpec.parse(Map.of("group", "example.com", "kind", "Widget", "rules", List.of(
            "condition Ready=True -> Healthy",
            "field /status/phase == Failed -> Degraded",
            "field /status/phase in [Pending, Running] → Progressing",
            "field /spec/paused exists -> Suspended")));

    private final HealthAssessor assessor = SPEC.installOn(new HealthAssessor());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            conditions: [{type: Ready, status: "True", message: all good}]   | HEALTHY     | Ready is True: all good
            phase: Failed                                                    | DEGRADED    | /status/phase is Failed
            phase: Running                                                   | PROGRESSING | /status/phase is Running
            """)
    void clausesDecideInOrder(String status, String expected, String message) {
        var obj = Fixtures.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: ns}\nstatus: {" + status + "}\n");
        var health = assessor.assess(obj).orElseThrow();
        assertThat(health.status()).isEqualTo(HealthStatus.valueOf(expected));
        assertThat(health.message()).isEqualTo(message);
    }

    @Test
    void noMatchingClauseFallsBackToTheGenericRule() {
        var obj = Fixtures.parse("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, namespace: ns}
                status: {phase: Weird, conditions: [{type: Stalled, status: "True", reason: Broken}]}
                """);
        assertThat(assessor.assess(obj).orElseThrow().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(SPEC.assess(obj)).isEmpty();
    }

    @Test
    void defaultAndOtherKindsUntouched() {
        var spec = HealthCheckSpec.parse(Map.of("kind", "ConfigMap", "rules", List.of("field /data/ok != yes -> Progressing", "default -> Healthy")));
        var a = spec.installOn(new HealthAssessor());
        assertThat(a.assess(Fixtures.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {ok: 'no'}\n")).orElseThrow())
                .hasToString("Progressing: /data/ok is no");
        assertThat(a.assess(Fixtures.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {ok: 'yes'}\n")).orElseThrow().status())
                .isEqualTo(HealthStatus.HEALTHY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            condition Ready=Yes -> Healthy         | rule 1 'condition Ready=Yes -> Healthy': a condition status is True, False or Unknown
            condition Ready=True                   | rule 1 'condition Ready=True': expected '<test> -> <Healthy
            field status.phase == X -> Degraded    | rule 1 'field status.phase == X -> Degraded': expected 'condition TYPE=STATUS'
            field /status/phase in Pending -> Progressing | 'in' takes a list
            field /status/phase == -> Degraded     | '==' needs a value
            condition Ready=True -> Fine           | unknown health 'Fine'
            condition Ready=True -> Missing        | unknown health 'Missing'
            """)
    void badClausesAreNamed(String clause, String error) {
        assertThatThrownBy(() -> HealthCheckSpec.parse(Map.of("kind", "Widget", "rules", List.of(clause))))
                .isInstanceOf(GitopsException.class)
                .hasMessageStartingWith("health check for Widget, rule 1")
                .hasMessageContaining(error);
    }

    @Test
    void missingKindOrRules() {
        assertThatThrownBy(() -> HealthCheckSpec.parse(Map.of("rules", List.of("default -> Healthy")))).hasMessageContaining("'kind' is required");
        assertThatThrownBy(() -> HealthCheckSpec.parse(Map.of("kind", "Widget"))).hasMessageContaining("'rules' must be a non-empty list");
    }
}
