package io.jenkins.plugins.gitops.plugin.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step timeouts read as the CLI's durations, and the integers of minutes they used to be still work. */
public class StepTimeoutsTest {

    @Test
    void durationsAndLegacyMinutes() {
        assertThat(StepTimeouts.of("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(StepTimeouts.of("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(StepTimeouts.of("15")).as("a bare number is minutes, as the int parameter was").isEqualTo(Duration.ofMinutes(15));
        assertThat(StepTimeouts.normalize(Map.of("app", "kfp", "timeout", 15))).containsEntry("timeout", "15");
        assertThat(StepTimeouts.check("", "5m")).isEqualTo("5m");
        for (String bad : new String[] {"0", "-5", "0s", "-1m", "soon"}) {
            assertThatThrownBy(() -> StepTimeouts.check(bad, "5m")).as(bad).hasMessageContaining("timeout").hasMessageContaining("'" + bad + "'");
        }
    }
}
