package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.DeleteOptions;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Deployment controller: one ReplicaSet per pod template (named with the template hash),
 * old ones scaled to zero, and the status fields and conditions a rollout reports. A rollout
 * whose Pods do not become ready within {@code progressDeadline} gets Progressing=False with
 * reason ProgressDeadlineExceeded, as on a real cluster after progressDeadlineSeconds. With
 * {@code strategy.type: Recreate} the old ReplicaSets are scaled to zero first and the new one is
 * scaled up only once none of their Pods is left, so old and new never run together (a model
 * server holding a GPU or a file lock); RollingUpdate scales both at once.
 */
public final class DeploymentSimulator extends Simulator {

    private final Duration progressDeadline;
    private final Map<String, Instant> rolloutStarted = new ConcurrentHashMap<>();

    /**
     * @param progressDeadline how long a rollout may stay unready before it is reported as failed;
     *                         shorter than the real default (600 s) so that tests see it
     */
    public DeploymentSimulator(Failures failures, Duration progressDeadline) {
        super(failures);
        this.progressDeadline = progressDeadline;
    }

    @Override
    protected String manager() {
        return "deployment-controller";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "apps", "Deployment") && !e.type().equals("DELETED")) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> reconcile(ns, name));
        } else if (is(e, "apps", "ReplicaSet")) {
            for (JsonNode ref : e.object().path("metadata").path("ownerReferences")) {
                if (ref.path("kind").asText().equals("Deployment")) {
                    String ns = ns(e.object());
                    String owner = ref.path("name").asText();
                    later(() -> reconcile(ns, owner));
                }
            }
        }
    }

    private void reconcile(String namespace, String name) {
        ResourceType deployments = type("apps/v1", "Deployment");
        ResourceType replicaSets = type("apps/v1", "ReplicaSet");
        ObjectNode d = api().find(deployments, namespace, name);
        if (d == null || d.path("metadata").path("deletionTimestamp").isTextual()) {
            rolloutStarted.remove(namespace + "/" + name);
            return;
        }
        JsonNode spec = d.path("spec");
        int replicas = spec.path("replicas").asInt(1);
        boolean paused = spec.path("paused").asBoolean(false);
        String hash = templateHash(spec.path("template"));
        String rsName = name + "-" + hash;
        ObjectNode current = null;
        List<ObjectNode> sets = owned(replicaSets, d);
        boolean recreate = "Recreate".equals(spec.path("strategy").path("type").asText());
        // Recreate: the new ReplicaSet waits until every old Pod is gone
        boolean oldGone = sets.stream().filter(rs -> !name(rs).equals(rsName))
                .allMatch(rs -> rs.path("spec").path("replicas").asInt() == 0 && rs.path("status").path("replicas").asInt(0) == 0);
        int newReplicas = recreate && !oldGone ? 0 : replicas;
        int newAvailable = sets.stream().filter(rs -> name(rs).equals(rsName)).mapToInt(rs -> rs.path("status").path("availableReplicas").asInt(0))
                .findFirst().orElse(0);
        int[] oldBudget = {Math.max(0, replicas - newAvailable)};
        if (!paused) {
            for (ObjectNode rs : sets) {
                if (name(rs).equals(rsName)) {
                    current = rs;
                    if (rs.path("spec").path("replicas").asInt() != newReplicas) {
                        ((ObjectNode) rs.get("spec")).put("replicas", newReplicas);
                        ((ObjectNode) rs.get("metadata")).remove("resourceVersion");
                        api().update(replicaSets, namespace, rsName, rs, null, opts(replicaSets));
                    }
                } else {
                    // RollingUpdate: old Pods go as new ones become available (maxSurge-style overlap);
                    // Recreate: all at once, before the new ReplicaSet is scaled up
                    int keep = recreate ? 0 : Math.min(rs.path("spec").path("replicas").asInt(), oldBudget[0]);
                    oldBudget[0] -= keep;
                    if (rs.path("spec").path("replicas").asInt() != keep) {
                        ((ObjectNode) rs.get("spec")).put("replicas", keep);
                        ((ObjectNode) rs.get("metadata")).remove("resourceVersion");
                        api().update(replicaSets, namespace, name(rs), rs, null, opts(replicaSets));
                    }
                }
            }
            if (current == null) {
                current = api().create(replicaSets, namespace, replicaSet(d, rsName, hash, newReplicas), opts(replicaSets));
                rolloutStarted.put(namespace + "/" + name, Instant.now());
            }
            int revisionLimit = spec.path("revisionHistoryLimit").asInt(10);
            List<ObjectNode> old = sets.stream().filter(rs -> !name(rs).equals(rsName)).toList();
            for (int i = 0; i < old.size() - revisionLimit; i++) {
                api().delete(replicaSets, namespace, name(old.get(i)), DeleteOptions.background(), false, "v1");
            }
        }
        writeStatus(deployments, namespace, name, status(d, current, sets, replicas, paused));
    }

    private ObjectNode replicaSet(JsonNode d, String rsName, String hash, int replicas) {
        ObjectNode rs = JSON.objectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
        ObjectNode md = rs.putObject("metadata").put("name", rsName).put("namespace", ns(d));
        ObjectNode labels = d.path("spec").path("template").path("metadata").path("labels").isObject()
                ? ((ObjectNode) d.path("spec").path("template").path("metadata").path("labels")).deepCopy() : JSON.objectNode();
        labels.put("pod-template-hash", hash);
        md.set("labels", labels.deepCopy());
        md.putObject("annotations").put("deployment.kubernetes.io/revision", "1");
        md.putArray("ownerReferences").add(ownerReference(d));
        ObjectNode spec = rs.putObject("spec").put("replicas", replicas);
        ObjectNode selector = d.path("spec").path("selector").deepCopy();
        Json.matchLabels(selector).put("pod-template-hash", hash);
        spec.set("selector", selector);
        ObjectNode template = d.path("spec").path("template").deepCopy();
        ((ObjectNode) template.withObjectProperty("metadata")).set("labels", labels);
        spec.set("template", template);
        return rs;
    }

    private ObjectNode status(ObjectNode d, JsonNode current, List<ObjectNode> sets, int replicas, boolean paused) {
        String now = api().now();
        int total = 0;
        int ready = 0;
        for (JsonNode rs : sets) {
            total += rs.path("status").path("replicas").asInt();
            ready += rs.path("status").path("readyReplicas").asInt();
        }
        int updated = current == null ? 0 : current.path("status").path("replicas").asInt();
        int updatedReady = current == null ? 0 : current.path("status").path("readyReplicas").asInt();
        ObjectNode status = JSON.objectNode().put("observedGeneration", generation(d)).put("replicas", total)
                .put("updatedReplicas", updated).put("readyReplicas", ready).put("availableReplicas", ready);
        if (total - ready > 0) {
            status.put("unavailableReplicas", total - ready);
        }
        boolean available = ready >= replicas - Math.max(0, replicas / 4);
        String key = ns(d) + "/" + name(d);
        ObjectNode progressing;
        if (paused) {
            progressing = condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now);
        } else if (updatedReady >= replicas && total == updated) {
            rolloutStarted.remove(key);
            progressing = condition("Progressing", "True", "NewReplicaSetAvailable",
                    "ReplicaSet \"" + (current == null ? "" : name(current)) + "\" has successfully progressed.", now);
        } else {
            Instant started = rolloutStarted.computeIfAbsent(key, k -> Instant.now());
            if (Duration.between(started, Instant.now()).compareTo(progressDeadline) >= 0) {
                progressing = condition("Progressing", "False", "ProgressDeadlineExceeded",
                        "ReplicaSet \"" + (current == null ? "" : name(current)) + "\" has timed out progressing.", now);
            } else {
                progressing = condition("Progressing", "True", "ReplicaSetUpdated",
                        "ReplicaSet \"" + (current == null ? "" : name(current)) + "\" is progressing.", now);
                // look again when the deadline passes, as the real controller requeues
                later(progressDeadline.toMillis() + 10, () -> reconcile(ns(d), name(d)));
            }
        }
        // keep transition times stable when a condition's status did not change
        for (JsonNode old : d.path("status").path("conditions")) {
            for (ObjectNode c : List.of(progressing)) {
                if (old.path("type").asText().equals(c.path("type").asText()) && old.path("status").equals(c.path("status"))
                        && old.path("reason").equals(c.path("reason"))) {
                    c.set("lastTransitionTime", old.path("lastTransitionTime"));
                }
            }
        }
        ObjectNode availableCondition = condition("Available", available ? "True" : "False",
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now);
        for (JsonNode old : d.path("status").path("conditions")) {
            if (old.path("type").asText().equals("Available") && old.path("status").equals(availableCondition.path("status"))) {
                availableCondition.set("lastTransitionTime", old.path("lastTransitionTime"));
            }
        }
        status.set("conditions", array(availableCondition, progressing));
        return status;
    }

    /** Small JSON helpers local to this controller. */
    private static final class Json {
        private Json() {
        }

        static ObjectNode matchLabels(ObjectNode selector) {
            JsonNode ml = selector.get("matchLabels");
            if (ml instanceof ObjectNode o) {
                return o;
            }
            return selector.putObject("matchLabels");
        }
    }
}
