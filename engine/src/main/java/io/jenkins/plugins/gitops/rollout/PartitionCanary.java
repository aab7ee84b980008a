package io.jenkins.plugins.gitops.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A StatefulSet canary by {@code spec.updateStrategy.rollingUpdate.partition}: Pods with an ordinal
 * at or above the partition run the update revision, the others stay at the current one, so a
 * stateful ML component (a feature store, a vector index) takes a new version on one replica
 * first. Promoting lowers the partition (to 0 by default: every Pod updates); the StatefulSet's
 * health reads {@code updateRevision} against {@code currentRevision}. A live merge patch of the
 * spec: write the same partition to Git to keep it.
 */
public final class PartitionCanary {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Cluster cluster;
    private final String fieldManager;

    public PartitionCanary(Cluster cluster, String fieldManager) {
        this.cluster = cluster;
        this.fieldManager = fieldManager == null || fieldManager.isEmpty() ? Cluster.DEFAULT_FIELD_MANAGER : fieldManager;
    }

    /** Partition, replicas, how many run the update revision, and both revisions with their images. */
    public record Status(String namespace, String name, int partition, int replicas, int updated, int ready, String currentRevision,
            String updateRevision, List<String> images) {
        public Status {
            images = List.copyOf(images);
        }

        static Status of(KubeObject o) {
            List<String> images = new ArrayList<>();
            o.at("/spec/template/spec/containers").forEach(c -> images.add(c.path("name").asText() + "=" + c.path("image").asText()));
            return new Status(o.namespace(), o.name(), o.at("/spec/updateStrategy/rollingUpdate/partition").asInt(0), o.at("/spec/replicas").asInt(1),
                    o.at("/status/updatedReplicas").asInt(0), o.at("/status/readyReplicas").asInt(0), o.at("/status/currentRevision").asText(""),
                    o.at("/status/updateRevision").asText(""), images);
        }

        public List<String> toText() {
            return List.of("StatefulSet " + namespace + "/" + name + " (partition " + partition + " of " + replicas + " replicas)",
                    "  Updated:  " + updated + "/" + replicas + " at " + updateRevision + " " + String.join(" ", images),
                    "  Current:  " + currentRevision + (currentRevision.equals(updateRevision) ? " (rolled out)" : ""),
                    "  Ready:    " + ready + "/" + replicas);
        }

        public ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode().put("statefulSet", "StatefulSet/" + namespace + "/" + name).put("partition", partition)
                    .put("replicas", replicas).put("updatedReplicas", updated).put("readyReplicas", ready).put("currentRevision", currentRevision)
                    .put("updateRevision", updateRevision);
            images.forEach(n.putArray("images")::add);
            return n;
        }
    }

    public record Result(List<RolloutPatch> patches, String message, Status status) {
        public Result {
            patches = List.copyOf(patches);
        }
    }

    public Status status(String app, String namespace, String name) {
        return Status.of(KubeObject.of(find(type(), app, namespace, name)));
    }

    /** Lowers (or sets) the partition; 0 updates every Pod. */
    public Result promote(String app, String namespace, String name, int partition) {
        ApiResource t = type();
        KubeObject o = KubeObject.of(find(t, app, namespace, name));
        String who = "StatefulSet " + o.namespace() + "/" + o.name();
        if (!"RollingUpdate".equals(o.at("/spec/updateStrategy/type").asText("RollingUpdate"))) {
            throw new RolloutRefusal(who + " uses updateStrategy " + o.at("/spec/updateStrategy/type").asText() + ": a partition applies to RollingUpdate only");
        }
        Status s = Status.of(o);
        if (partition < 0 || partition > s.replicas()) {
            throw new RolloutRefusal(who + ": partition must be between 0 and " + s.replicas() + " (its replicas), not " + partition);
        }
        if (s.partition() == partition) {
            throw new RolloutRefusal(who + " already has partition " + partition + ": nothing to promote");
        }
        String patch = "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":" + partition + "}}}}";
        ObjectNode after;
        try {
            after = cluster.mergePatch(t, o.namespace(), o.name(), JSON.readTree(patch), null, fieldManager);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(List.of(RolloutPatch.spec(patch)), "statefulset '" + o.name() + "' partition " + s.partition() + " -> " + partition,
                Status.of(KubeObject.of(after)));
    }

    private ApiResource type() {
        return cluster.resolver().resolve("apps/v1", "StatefulSet");
    }

    private ObjectNode find(ApiResource t, String app, String namespace, String name) {
        Optional<ObjectNode> live = cluster.get(t, namespace, name);
        if (live.isEmpty()) {
            throw new RolloutRefusal("StatefulSet " + namespace + "/" + name + " not found");
        }
        AppOwnership.check(live.get(), app, "StatefulSet " + namespace + "/" + name);
        return live.get();
    }
}
