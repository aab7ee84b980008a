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
 * The canary rollout of a KServe InferenceService ({@code spec.predictor.canaryTrafficPercent}),
 * driven on the live object as KServe's documentation does by hand: {@code setTraffic} moves the
 * canary's share, {@code promote} removes the field (all traffic to the latest ready revision),
 * {@code rollback} sets it to 0 (all traffic back to the rolled-out revision). Each is a JSON merge
 * patch of the spec, so the app's next sync from Git sets the field again: write the same value to
 * Git to keep it. Refused, with nothing written, as the Rollout actions are: not the app's, missing,
 * or nothing to do.
 */
public final class KServeCanary {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Cluster cluster;
    private final String fieldManager;

    public KServeCanary(Cluster cluster, String fieldManager) {
        this.cluster = cluster;
        this.fieldManager = fieldManager == null || fieldManager.isEmpty() ? Cluster.DEFAULT_FIELD_MANAGER : fieldManager;
    }

    /**
     * Where the predictor's traffic goes.
     *
     * @param canaryPercent {@code spec.predictor.canaryTrafficPercent}, or -1 when not set (all to the latest)
     * @param traffic       {@code 20% fraud-predictor-00002 (latest)} entries
     */
    public record Status(String namespace, String name, int canaryPercent, String latestCreated, String latestReady, String latestRolledout,
            String previousRolledout, List<String> traffic, boolean ready) {
        public Status {
            traffic = List.copyOf(traffic);
        }

        static Status of(KubeObject o) {
            JsonNode p = o.at("/status/components/predictor");
            JsonNode pct = o.at("/spec/predictor/canaryTrafficPercent");
            List<String> traffic = new ArrayList<>();
            for (JsonNode t : p.path("traffic")) {
                traffic.add(t.path("percent").asInt() + "% " + t.path("revisionName").asText() + (t.path("latestRevision").asBoolean(false) ? " (latest)" : ""));
            }
            boolean ready = false;
            for (JsonNode c : o.at("/status/conditions")) {
                ready |= "Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText());
            }
            return new Status(o.namespace(), o.name(), pct.isNumber() ? pct.asInt() : -1, p.path("latestCreatedRevision").asText(""),
                    p.path("latestReadyRevision").asText(""), p.path("latestRolledoutRevision").asText(""), p.path("previousRolledoutRevision").asText(""),
                    traffic, ready);
        }

        public List<String> toText() {
            List<String> out = new ArrayList<>();
            out.add("InferenceService " + namespace + "/" + name + (ready ? " (Ready)" : " (not Ready)"));
            out.add("  Canary:   " + (canaryPercent < 0 ? "none (all traffic to the latest ready revision)" : canaryPercent + "%"));
            out.add("  Latest:   created " + latestCreated + ", ready " + latestReady);
            out.add("  Rolled out: " + latestRolledout + (previousRolledout.isEmpty() ? "" : " (previous " + previousRolledout + ")"));
            out.add("  Traffic:  " + String.join(", ", traffic));
            return out;
        }

        public ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode().put("inferenceService", "InferenceService/" + namespace + "/" + name).put("ready", ready)
                    .put("canaryTrafficPercent", canaryPercent).put("latestCreatedRevision", latestCreated).put("latestReadyRevision", latestReady)
                    .put("latestRolledoutRevision", latestRolledout).put("previousRolledoutRevision", previousRolledout);
            traffic.forEach(n.putArray("traffic")::add);
            return n;
        }
    }

    /** What was written and the object's status after it. */
    public record Result(String action, List<RolloutPatch> patches, String message, Status status) {
        public Result {
            patches = List.copyOf(patches);
        }
    }

    public Status status(String app, String namespace, String name) {
        return Status.of(KubeObject.of(find(type(), app, namespace, name)));
    }

    /** Gives the latest revision {@code percent} of the traffic (1..99; 100 is promote, 0 rollback). */
    public Result setTraffic(String app, String namespace, String name, int percent) {
        if (percent < 0 || percent > 100) {
            throw new RolloutRefusal("canary traffic percent must be between 0 and 100, not " + percent);
        }
        ApiResource t = type();
        KubeObject o = KubeObject.of(find(t, app, namespace, name));
        Status before = Status.of(o);
        if (before.canaryPercent() == percent) {
            throw new RolloutRefusal(who(o) + " already sends " + percent + "% to its latest revision");
        }
        return write(t, o, "traffic " + percent, "{\"spec\":{\"predictor\":{\"canaryTrafficPercent\":" + percent + "}}}",
                "inferenceservice '" + o.name() + "' canary at " + percent + "%");
    }

    /** All traffic to the latest ready revision: the field removed. */
    public Result promote(String app, String namespace, String name) {
        ApiResource t = type();
        KubeObject o = KubeObject.of(find(t, app, namespace, name));
        Status before = Status.of(o);
        if (before.canaryPercent() < 0) {
            throw new RolloutRefusal(who(o) + " is already fully promoted (no canaryTrafficPercent): nothing to promote");
        }
        if (!before.latestCreated().equals(before.latestReady())) {
            throw new RolloutRefusal(who(o) + ": revision " + before.latestCreated() + " is not ready (latest ready " + before.latestReady()
                    + "): promoting would send all traffic to a revision that does not serve");
        }
        return write(t, o, "promote", "{\"spec\":{\"predictor\":{\"canaryTrafficPercent\":null}}}", "inferenceservice '" + o.name() + "' promoted");
    }

    /** All traffic back to the rolled-out revision: canaryTrafficPercent 0. */
    public Result rollback(String app, String namespace, String name) {
        ApiResource t = type();
        KubeObject o = KubeObject.of(find(t, app, namespace, name));
        Status before = Status.of(o);
        boolean hasStable = !before.latestRolledout().isEmpty() && !before.latestRolledout().equals(before.latestReady())
                || !before.previousRolledout().isEmpty();
        if (!hasStable) {
            throw new RolloutRefusal(who(o) + " has no earlier rolled-out revision to go back to");
        }
        if (before.canaryPercent() == 0) {
            throw new RolloutRefusal(who(o) + " is already rolled back (canaryTrafficPercent 0)");
        }
        return write(t, o, "rollback", "{\"spec\":{\"predictor\":{\"canaryTrafficPercent\":0}}}", "inferenceservice '" + o.name() + "' rolled back");
    }

    private Result write(ApiResource t, KubeObject o, String action, String patch, String message) {
        ObjectNode after;
        try {
            after = cluster.mergePatch(t, o.namespace(), o.name(), JSON.readTree(patch), null, fieldManager);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(action, List.of(RolloutPatch.spec(patch)), message, Status.of(KubeObject.of(after)));
    }

    private ApiResource type() {
        return cluster.resolver().find("serving.kserve.io/v1beta1", "InferenceService")
                .orElseThrow(() -> new RolloutRefusal("the cluster serves no serving.kserve.io/v1beta1 InferenceService: is KServe installed?"));
    }

    private ObjectNode find(ApiResource t, String app, String namespace, String name) {
        Optional<ObjectNode> live = cluster.get(t, namespace, name);
        if (live.isEmpty()) {
            throw new RolloutRefusal("InferenceService " + namespace + "/" + name + " not found");
        }
        AppOwnership.check(live.get(), app, "InferenceService " + namespace + "/" + name);
        return live.get();
    }

    private static String who(KubeObject o) {
        return "InferenceService " + o.namespace() + "/" + o.name();
    }
}
