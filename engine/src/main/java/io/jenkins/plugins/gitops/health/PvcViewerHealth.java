package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * kubeflow.org/PVCViewer: {@code status.ready} (its Deployment has a ready replica), {@code url},
 * and {@code conditions} copied from the viewer's Deployment (Available, Progressing,
 * ReplicaFailure). Ready is Healthy; ReplicaFailure=True or Progressing=False with
 * ProgressDeadlineExceeded is Degraded; otherwise Progressing.
 */
final class PvcViewerHealth implements HealthRule {

    @Override
    public Optional<Health> assess(KubeObject obj) {
        if (obj.at("/status/ready").asBoolean(false)) {
            return Optional.of(Health.healthy(obj.at("/status/url").asText("")));
        }
        for (Condition c : Condition.of(obj)) {
            if (c.type().equals("ReplicaFailure") && c.isTrue()
                    || c.type().equals("Progressing") && c.reason().equals("ProgressDeadlineExceeded")) {
                return Optional.of(Health.degraded(c.describe()));
            }
        }
        return Optional.of(Health.progressing(Condition.find(obj, "Available").map(Condition::describe)
                .filter(s -> !s.isEmpty()).orElse("Waiting for the PVC viewer to be ready")));
    }
}
