package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;

/**
 * The horizontal pod autoscaler controller with a metrics server that answers: an HPA reports
 * its target's replicas within min..max and the conditions AbleToScale, ScalingActive and
 * ScalingLimited, as autoscaling/v2 does once metrics flow.
 */
public final class HpaSimulator extends Simulator {

    public HpaSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "horizontal-pod-autoscaler";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "autoscaling", "HorizontalPodAutoscaler") && !e.type().equals("DELETED")
                && e.object().path("status").path("observedGeneration").asLong(-1) != generation(e.object())) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> scale(ns, name));
        }
    }

    private void scale(String namespace, String name) {
        ResourceType hpas = type("autoscaling/v2", "HorizontalPodAutoscaler");
        ObjectNode hpa = api().find(hpas, namespace, name);
        if (hpa == null) {
            return;
        }
        JsonNode spec = hpa.path("spec");
        int min = spec.path("minReplicas").asInt(1);
        int max = spec.path("maxReplicas").asInt(min);
        String now = api().now();
        Integer current = targetReplicas(namespace, spec.path("scaleTargetRef"));
        int replicas = current == null ? min : Math.max(min, Math.min(max, current));
        ObjectNode status = JSON.objectNode().put("observedGeneration", generation(hpa))
                .put("currentReplicas", replicas).put("desiredReplicas", replicas);
        if (current == null) {
            String kind = spec.path("scaleTargetRef").path("kind").asText();
            String target = spec.path("scaleTargetRef").path("name").asText();
            status.set("conditions", array(condition("AbleToScale", "False", "FailedGetScale",
                    "the HPA controller was unable to get the target's current scale: " + kind + " " + target + " not found", now)));
        } else {
            status.set("conditions", array(
                    condition("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", now),
                    condition("ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count", now),
                    condition("ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range", now)));
        }
        writeStatus(hpas, namespace, name, status);
    }

    /** The replicas of the scale target, or null when it does not exist. */
    private Integer targetReplicas(String namespace, JsonNode ref) {
        String apiVersion = ref.path("apiVersion").asText("apps/v1");
        return api().types().byKind(apiVersion, ref.path("kind").asText())
                .map(t -> api().find(t, namespace, ref.path("name").asText()))
                .map(o -> o.path("spec").path("replicas").asInt(1))
                .orElse(null);
    }
}
