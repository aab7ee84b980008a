package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * batch/CronJob, after Argo CD's shipped Lua check. Suspended is Suspended. A CronJob's status
 * cannot prove it is healthy, only that its last finished run failed: that is Degraded when no job
 * is running and the last success is older than the last schedule. Everything else is Healthy,
 * because "never ran yet" and "missed a schedule" look the same in the status.
 */
final class CronJobHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(obj));
    }

    private static Health health(KubeObject obj) {
        if (obj.at("/spec/suspend").asBoolean(false)) {
            return Health.suspended("CronJob is Suspended");
        }
        if (!obj.at("/status").isObject()) {
            return Health.progressing("Waiting for CronJob");
        }
        Optional<Instant> scheduled = time(obj.at("/status/lastScheduleTime"));
        if (scheduled.isEmpty()) {
            return Health.healthy("CronJob has not been scheduled yet");
        }
        Optional<Instant> succeeded = time(obj.at("/status/lastSuccessfulTime"));
        if (succeeded.isEmpty()) {
            return Health.healthy("The CronJob never completed successfully. It may not be healthy");
        }
        if (obj.at("/status/active").isArray() && !obj.at("/status/active").isEmpty()) {
            return Health.healthy("The job is running. Its last execution may not have been successful");
        }
        if (succeeded.get().isBefore(scheduled.get())) {
            return Health.degraded("CronJob has not completed its last execution successfully");
        }
        return Health.healthy("CronJob has completed its last execution successfully");
    }

    /** An RFC 3339 timestamp as the API server writes it; unparsable counts as absent. */
    private static Optional<Instant> time(JsonNode n) {
        if (!n.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(n.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
