package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.util.List;

/**
 * The ReplicaSet controller: keeps {@code spec.replicas} Pods of the template, and reports
 * replicas, ready and available counts. Also the engine behind {@link DeploymentSimulator}.
 */
public final class ReplicaSetSimulator extends Simulator {

    public ReplicaSetSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "replicaset-controller";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "apps", "ReplicaSet") && !e.type().equals("DELETED")) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> reconcile(ns, name));
        } else if (is(e, "", "Pod")) {
            for (JsonNode ref : e.object().path("metadata").path("ownerReferences")) {
                if (ref.path("kind").asText().equals("ReplicaSet")) {
                    String ns = ns(e.object());
                    String owner = ref.path("name").asText();
                    later(() -> reconcile(ns, owner));
                }
            }
        }
    }

    private void reconcile(String namespace, String name) {
        ResourceType rsType = type("apps/v1", "ReplicaSet");
        ResourceType podType = type("v1", "Pod");
        ObjectNode rs = api().find(rsType, namespace, name);
        if (rs == null || rs.path("metadata").path("deletionTimestamp").isTextual()) {
            return;
        }
        int want = rs.path("spec").path("replicas").asInt(1);
        List<ObjectNode> pods = owned(podType, rs);
        for (int i = pods.size(); i < want; i++) {
            ObjectNode pod = Pods.fromTemplate(rs, rs.path("spec").path("template"), name + "-" + Pods.suffix());
            api().create(podType, namespace, pod, opts(podType));
        }
        for (int i = want; i < pods.size(); i++) {
            api().delete(podType, namespace, name(pods.get(i)), io.jenkins.plugins.gitops.testkit.kube.DeleteOptions.background(), false, "v1");
        }
        pods = owned(podType, rs);
        int ready = (int) pods.stream().filter(Pods::ready).count();
        ObjectNode status = JSON.objectNode().put("replicas", pods.size()).put("fullyLabeledReplicas", pods.size())
                .put("readyReplicas", ready).put("availableReplicas", ready).put("observedGeneration", generation(rs));
        if (ready == 0) {
            status.remove("readyReplicas");
            status.remove("availableReplicas");
        }
        writeStatus(rsType, namespace, name, status);
    }
}
