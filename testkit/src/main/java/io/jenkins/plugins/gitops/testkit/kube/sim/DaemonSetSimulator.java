package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.DeleteOptions;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.util.List;

/** The DaemonSet controller on a one-node cluster: one Pod, replaced when the template changes. */
public final class DaemonSetSimulator extends Simulator {

    public DaemonSetSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "daemonset-controller";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "apps", "DaemonSet") && !e.type().equals("DELETED")) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> reconcile(ns, name));
        } else if (is(e, "", "Pod")) {
            for (JsonNode ref : e.object().path("metadata").path("ownerReferences")) {
                if (ref.path("kind").asText().equals("DaemonSet")) {
                    String ns = ns(e.object());
                    String owner = ref.path("name").asText();
                    later(() -> reconcile(ns, owner));
                }
            }
        }
    }

    private void reconcile(String namespace, String name) {
        ResourceType sets = type("apps/v1", "DaemonSet");
        ResourceType podType = type("v1", "Pod");
        ObjectNode ds = api().find(sets, namespace, name);
        if (ds == null || ds.path("metadata").path("deletionTimestamp").isTextual()) {
            return;
        }
        String hash = templateHash(ds.path("spec").path("template"));
        boolean onDelete = "OnDelete".equals(ds.path("spec").path("updateStrategy").path("type").asText());
        List<ObjectNode> pods = owned(podType, ds);
        for (ObjectNode pod : pods) {
            if (!onDelete && !hash.equals(pod.path("metadata").path("labels").path("controller-revision-hash").asText())) {
                api().delete(podType, namespace, name(pod), DeleteOptions.background(), false, "v1");
            }
        }
        pods = owned(podType, ds);
        if (pods.isEmpty()) {
            ObjectNode pod = Pods.fromTemplate(ds, ds.path("spec").path("template"), name + "-" + Pods.suffix());
            pod.withObjectProperty("metadata").withObjectProperty("labels").put("controller-revision-hash", hash);
            api().create(podType, namespace, pod, opts(podType));
            pods = owned(podType, ds);
        }
        int ready = (int) pods.stream().filter(Pods::ready).count();
        int updated = (int) pods.stream().filter(p -> hash.equals(p.path("metadata").path("labels").path("controller-revision-hash").asText())).count();
        ObjectNode status = JSON.objectNode().put("observedGeneration", generation(ds)).put("desiredNumberScheduled", 1)
                .put("currentNumberScheduled", pods.size()).put("updatedNumberScheduled", updated).put("numberReady", ready)
                .put("numberAvailable", ready).put("numberMisscheduled", 0);
        if (ready < 1) {
            status.put("numberUnavailable", 1);
        }
        writeStatus(sets, namespace, name, status);
    }
}
