package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * apps/StatefulSet, as Argo CD: a status never written or older than the spec is Progressing;
 * fewer ready pods than wanted is Progressing; a partitioned rolling update is done once the pods
 * above the partition are updated; OnDelete is Healthy once pods are ready (updates wait for
 * someone to delete pods, so there is nothing to wait for); otherwise the update revision must
 * have become the current one.
 */
final class StatefulSetHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        return Optional.of(health(obj));
    }

    private static Health health(KubeObject obj) {
        long observed = Generation.observed(obj).orElse(0);
        if (observed == 0 || Generation.desired(obj) > observed) {
            return Health.progressing("Waiting for statefulset spec update to be observed...");
        }
        boolean hasReplicas = !obj.at("/spec/replicas").isMissingNode();
        long replicas = obj.at("/spec/replicas").asLong(1);
        long ready = obj.at("/status/readyReplicas").asLong(0);
        long updated = obj.at("/status/updatedReplicas").asLong(0);
        if (hasReplicas && ready < replicas) {
            return Health.progressing("Waiting for " + (replicas - ready) + " pods to be ready...");
        }
        String strategy = obj.at("/spec/updateStrategy/type").asText("RollingUpdate");
        if ("RollingUpdate".equals(strategy) && obj.at("/spec/updateStrategy/rollingUpdate").isObject()) {
            var partition = obj.at("/spec/updateStrategy/rollingUpdate/partition");
            if (hasReplicas && !partition.isMissingNode() && updated < replicas - partition.asLong()) {
                return Health.progressing("Waiting for partitioned roll out to finish: " + updated + " out of "
                        + (replicas - partition.asLong()) + " new pods have been updated...");
            }
            return Health.healthy("partitioned roll out complete: " + updated + " new pods have been updated...");
        }
        if ("OnDelete".equals(strategy)) {
            return Health.healthy("statefulset has " + ready + " ready pods");
        }
        String updateRevision = obj.at("/status/updateRevision").asText("");
        String currentRevision = obj.at("/status/currentRevision").asText("");
        if (!updateRevision.equals(currentRevision)) {
            return Health.progressing("waiting for statefulset rolling update to complete " + updated
                    + " pods at revision " + updateRevision + "...");
        }
        return Health.healthy("statefulset rolling update complete " + obj.at("/status/currentReplicas").asLong(0)
                + " pods at revision " + currentRevision + "...");
    }
}
