package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.DeleteOptions;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.util.List;

/**
 * The StatefulSet controller: ordinal Pods {@code <name>-0..n-1}, recreated when the template
 * changes (RollingUpdate), and the status a rollout reports: ready, current and updated
 * replicas and revisions. A {@code rollingUpdate.partition} is honoured: only Pods with an
 * ordinal at or above it move to the update revision, the others stay at (and are recreated
 * from) the current revision's template, as the real controller keeps it in a
 * ControllerRevision; {@code currentRevision} becomes the update revision once every Pod has it.
 * Lowering the partition is how a StatefulSet canary is promoted.
 */
public final class StatefulSetSimulator extends Simulator {

    /** Templates by revision, as ControllerRevisions keep them, so Pods below a partition can be recreated at their revision. */
    private final java.util.Map<String, JsonNode> revisions = new java.util.concurrent.ConcurrentHashMap<>();

    public StatefulSetSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "statefulset-controller";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "apps", "StatefulSet") && !e.type().equals("DELETED")) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> reconcile(ns, name));
        } else if (is(e, "", "Pod")) {
            for (JsonNode ref : e.object().path("metadata").path("ownerReferences")) {
                if (ref.path("kind").asText().equals("StatefulSet")) {
                    String ns = ns(e.object());
                    String owner = ref.path("name").asText();
                    later(() -> reconcile(ns, owner));
                }
            }
        }
    }

    private void reconcile(String namespace, String name) {
        ResourceType sets = type("apps/v1", "StatefulSet");
        ResourceType podType = type("v1", "Pod");
        ObjectNode sts = api().find(sets, namespace, name);
        if (sts == null || sts.path("metadata").path("deletionTimestamp").isTextual()) {
            return;
        }
        int replicas = sts.path("spec").path("replicas").asInt(1);
        String revision = name + "-" + templateHash(sts.path("spec").path("template"));
        revisions.put(namespace + "/" + revision, sts.path("spec").path("template").deepCopy());
        String currentRevision = sts.path("status").path("currentRevision").asText(revision);
        boolean onDelete = "OnDelete".equals(sts.path("spec").path("updateStrategy").path("type").asText());
        int partition = sts.path("spec").path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
        List<ObjectNode> pods = owned(podType, sts);
        for (ObjectNode pod : pods) {
            String podRevision = pod.path("metadata").path("labels").path("controller-revision-hash").asText();
            int ordinal = ordinal(pod, name);
            boolean shouldUpdate = ordinal >= partition;
            // below the partition Pods are left as they are, whatever their revision
            if (ordinal >= replicas || (!onDelete && shouldUpdate && !podRevision.equals(revision))) {
                api().delete(podType, namespace, name(pod), DeleteOptions.background(), false, "v1");
            }
        }
        pods = owned(podType, sts);
        for (int i = 0; i < replicas; i++) {
            String podName = name + "-" + i;
            if (pods.stream().noneMatch(p -> name(p).equals(podName))) {
                // below the partition a Pod keeps the current revision (when we know its template)
                String podRevision = i < partition && revisions.containsKey(namespace + "/" + currentRevision) ? currentRevision : revision;
                ObjectNode pod = Pods.fromTemplate(sts, revisions.get(namespace + "/" + podRevision), podName);
                ObjectNode labels = pod.withObjectProperty("metadata").withObjectProperty("labels");
                labels.put("controller-revision-hash", podRevision).put("statefulset.kubernetes.io/pod-name", podName);
                api().create(podType, namespace, pod, opts(podType));
                break; // OrderedReady: one at a time; the next comes when this one's events arrive
            }
        }
        pods = owned(podType, sts);
        int ready = (int) pods.stream().filter(Pods::ready).count();
        int updated = (int) pods.stream().filter(p -> revision.equals(p.path("metadata").path("labels").path("controller-revision-hash").asText())).count();
        String newCurrent = updated == replicas && pods.size() == replicas ? revision : currentRevision;
        int current = (int) pods.stream().filter(p -> newCurrent.equals(p.path("metadata").path("labels").path("controller-revision-hash").asText())).count();
        ObjectNode status = JSON.objectNode().put("observedGeneration", generation(sts)).put("replicas", pods.size())
                .put("readyReplicas", ready).put("currentReplicas", current).put("updatedReplicas", updated)
                .put("availableReplicas", ready).put("currentRevision", newCurrent)
                .put("updateRevision", revision).put("collisionCount", 0);
        writeStatus(sets, namespace, name, status);
    }

    private static int ordinal(JsonNode pod, String setName) {
        try {
            return Integer.parseInt(name(pod).substring(setName.length() + 1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
