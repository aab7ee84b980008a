package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The CustomResourceDefinitions of Argo Rollouts that {@link RolloutSimulator} and
 * {@link AnalysisRunSimulator} need, with the subresources of the real ones
 * (argo-rollouts manifests/crds): Rollout has {@code status} and {@code scale}, AnalysisRun and
 * AnalysisTemplate have none. Schemas are open (preserve unknown fields). Apply them, then wait
 * for {@code /apis/argoproj.io/v1alpha1} to be served.
 */
public final class ArgoRolloutsCrds {

    private ArgoRolloutsCrds() {
    }

    public static List<ObjectNode> crds() {
        ObjectNode rollout = crd("rollouts", "rollout", "Rollout", "ro");
        ObjectNode subresources = ((ObjectNode) rollout.at("/spec/versions/0")).putObject("subresources");
        subresources.putObject("status");
        subresources.putObject("scale").put("specReplicasPath", ".spec.replicas").put("statusReplicasPath", ".status.HPAReplicas")
                .put("labelSelectorPath", ".status.selector");
        return List.of(rollout, crd("analysisruns", "analysisrun", "AnalysisRun", "ar"),
                crd("analysistemplates", "analysistemplate", "AnalysisTemplate", "at"));
    }

    private static ObjectNode crd(String plural, String singular, String kind, String shortName) {
        ObjectNode crd = Simulator.JSON.objectNode().put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition");
        crd.putObject("metadata").put("name", plural + ".argoproj.io");
        ObjectNode spec = crd.putObject("spec").put("group", "argoproj.io").put("scope", "Namespaced");
        ObjectNode names = spec.putObject("names").put("plural", plural).put("singular", singular).put("kind", kind);
        names.putArray("shortNames").add(shortName);
        ObjectNode v = spec.putArray("versions").addObject().put("name", "v1alpha1").put("served", true).put("storage", true);
        v.putObject("schema").putObject("openAPIV3Schema").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        return crd;
    }
}
