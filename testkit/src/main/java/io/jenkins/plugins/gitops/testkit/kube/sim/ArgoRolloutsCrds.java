package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

    /**
     * Applies the CRDs and returns once the emulator serves all three kinds (woken by the CRDs'
     * Established status writes, not by polling).
     */
    public static void install(KubeEmulator kube, Duration timeout) throws InterruptedException {
        CountDownLatch served = new CountDownLatch(1);
        kube.addController(new Controller() {
            @Override
            protected void onEvent(WatchEvent event) {
                if (served(kube)) {
                    served.countDown();
                }
            }
        });
        for (ObjectNode crd : crds()) {
            kube.apply(crd, "test");
        }
        if (!served(kube) && !served.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Argo Rollouts CRDs not served after " + timeout);
        }
    }

    private static boolean served(KubeEmulator kube) {
        return List.of("Rollout", "AnalysisRun", "AnalysisTemplate").stream()
                .allMatch(k -> kube.api().types().byKind("argoproj.io/v1alpha1", k).isPresent());
    }
}
