package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;

/** A dynamic provisioner: PersistentVolumeClaims become Bound with the requested capacity, unless told to stay Pending. */
public final class PvcSimulator extends Simulator {

    public PvcSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "persistentvolume-binder-controller";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "", "PersistentVolumeClaim") && !e.type().equals("DELETED") && !e.object().path("status").has("phase")) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> bind(ns, name));
        }
    }

    private void bind(String namespace, String name) {
        ResourceType claims = type("v1", "PersistentVolumeClaim");
        ObjectNode pvc = api().find(claims, namespace, name);
        if (pvc == null) {
            return;
        }
        ObjectNode status = JSON.objectNode();
        if (failures.claimPending(name)) {
            status.put("phase", "Pending");
        } else {
            status.put("phase", "Bound");
            status.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
            status.set("capacity", pvc.path("spec").path("resources").path("requests").deepCopy());
        }
        writeStatus(claims, namespace, name, status);
    }
}
