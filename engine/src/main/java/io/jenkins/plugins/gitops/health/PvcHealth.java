package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * core/PersistentVolumeClaim, as Argo CD: Bound is Healthy, Lost is Degraded. Pending is
 * Progressing only while a provisioner works on it (the storage-provisioner annotation is set);
 * a claim pending without one waits for its first consumer (WaitForFirstConsumer storage
 * classes), and calling that Progressing would block a sync whose pods come in a later wave.
 */
final class PvcHealth implements HealthRule {

    // Argo CD reads the beta name; Kubernetes 1.23+ writes both, and may one day drop the beta one.
    private static final String BETA_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    private static final String PROVISIONER = "volume.kubernetes.io/storage-provisioner";

    @Override
    public Optional<Health> assess(KubeObject obj) {
        String phase = obj.at("/status/phase").asText("");
        return Optional.of(switch (phase) {
            case "Bound" -> Health.healthy();
            case "Lost" -> Health.degraded("Claim lost its volume");
            case "Pending" -> provisioning(obj)
                    ? Health.progressing("Provisioning volume")
                    : Health.healthy("Waiting for consumer");
            default -> Health.unknown("Unknown claim phase \"" + phase + "\"");
        });
    }

    private static boolean provisioning(KubeObject obj) {
        return obj.annotation(BETA_PROVISIONER).isPresent() || obj.annotation(PROVISIONER).isPresent();
    }
}
