package io.jenkins.plugins.gitops.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthStatusTest {

    @Test
    void severityFollowsArgoCdOrder() {
        assertThat(HealthStatus.values()).containsExactly(HealthStatus.HEALTHY, HealthStatus.SUSPENDED,
                HealthStatus.PROGRESSING, HealthStatus.MISSING, HealthStatus.DEGRADED, HealthStatus.UNKNOWN);
        assertThat(HealthStatus.DEGRADED.isWorseThan(HealthStatus.MISSING)).isTrue();
        assertThat(HealthStatus.UNKNOWN.isWorseThan(HealthStatus.DEGRADED)).isTrue();
        assertThat(HealthStatus.SUSPENDED.isWorseThan(HealthStatus.HEALTHY)).isTrue();
        assertThat(HealthStatus.PROGRESSING.isWorseThan(HealthStatus.PROGRESSING)).isFalse();
        assertThat(HealthStatus.HEALTHY.isWorseThan(HealthStatus.SUSPENDED)).isFalse();
    }

    @Test
    void printsArgoCdSpelling() {
        assertThat(HealthStatus.PROGRESSING).hasToString("Progressing");
        assertThat(Health.degraded("boom")).hasToString("Degraded: boom");
        assertThat(Health.healthy()).hasToString("Healthy");
    }

    @Test
    void healthMessageIsNeverNull() {
        assertThat(new Health(HealthStatus.MISSING, null).message()).isEmpty();
        assertThat(Health.missing(" gone \n").message()).isEqualTo("gone");
    }
}
