package io.jenkins.plugins.gitops.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Performs a {@link RolloutAction} on a live Rollout of an app, with the merge patches
 * kubectl-argo-rollouts sends (pkg/kubectl-argo-rollouts/cmd/{promote,abort,retry,restart,pause}):
 * <ul>
 * <li>promote: {@code spec.paused: false} when paused by a person; then, at a pause,
 *     {@code status.pauseConditions: null}; after an inconclusive analysis also
 *     {@code controllerPause: false} and the next step index; on a canary that is not paused,
 *     {@code pauseConditions: null} with {@code currentStepIndex} + 1 (skip the current step);</li>
 * <li>promote full: {@code spec.paused: false} when paused, {@code status.promoteFull: true} while
 *     the current pod hash is not the stable one;</li>
 * <li>abort: {@code status.abort: true}; retry: {@code status.abort: false};
 *     restart: {@code spec.restartAt: <now, RFC 3339, UTC, seconds>}; pause: {@code spec.paused: true}.</li>
 * </ul>
 * Status patches go to the {@code status} subresource and, where the Rollout CRD has none (404),
 * to the object, as the plugin falls back. Before writing anything the Rollout must exist, be an
 * {@code argoproj.io} Rollout, belong to the app (its tracking annotation, or the app label when it
 * has no annotation) and the action must have something to do; otherwise {@link RolloutRefusal}.
 */
public final class RolloutActions {

    static final String GROUP = "argoproj.io";
    static final ObjectMapper JSON = new ObjectMapper();

    private final Cluster cluster;
    private final Clock clock;
    private final String fieldManager;

    public RolloutActions(Cluster cluster, Clock clock, String fieldManager) {
        this.cluster = cluster;
        this.clock = clock;
        this.fieldManager = fieldManager == null || fieldManager.isEmpty() ? Cluster.DEFAULT_FIELD_MANAGER : fieldManager;
    }

    public RolloutActions(Cluster cluster) {
        this(cluster, Clock.systemUTC(), Cluster.DEFAULT_FIELD_MANAGER);
    }

    /** What an action did: the patches written, in order, and the Rollout as the last write returned it. */
    public record Result(RolloutAction action, boolean full, String rollout, List<RolloutPatch> patches, String message, RolloutStatus status) {
        public Result {
            patches = List.copyOf(patches);
        }

        public ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode().put("action", action.label()).put("full", full).put("rollout", rollout).put("message", message);
            patches.forEach(p -> n.withArray("patches").addObject().put("subresource", p.subresource()).put("patch", p.json()));
            n.set("status", status.toJson());
            return n;
        }
    }

    /**
     * Performs {@code action} on Rollout {@code namespace/name} of {@code app}.
     *
     * @param name the Rollout's name, or {@code rollout/NAME}; another kind prefix is refused
     * @param full for promote only: skip the remaining steps, pauses and analysis
     */
    public Result perform(String app, String namespace, String name, RolloutAction action, boolean full) {
        if (full && action != RolloutAction.PROMOTE) {
            throw new RolloutRefusal("--full applies to promote only, not to " + action.label());
        }
        ApiResource type = rolloutType();
        ObjectNode live = find(type, app, namespace, name);
        KubeObject ro = KubeObject.of(live);
        List<RolloutPatch> patches = plan(ro, action, full);
        ObjectNode after = live;
        for (RolloutPatch p : patches) {
            after = write(type, ro, p, unified(patches));
        }
        String verb = switch (action) {
            case PROMOTE -> full ? "fully promoted" : "promoted";
            case ABORT -> "aborted";
            case RETRY -> "retried";
            case RESTART -> "restarts in 0s";
            case PAUSE -> "paused";
        };
        return new Result(action, full, "Rollout/" + ro.namespace() + "/" + ro.name(), patches, "rollout '" + ro.name() + "' " + verb,
                RolloutStatus.of(KubeObject.of(after), replicaSets(ro.namespace())));
    }

    /**
     * Aborts the Rollout if an update is in flight (not yet aborted, not fully promoted), for a
     * failed wait's rollback: the controller returns traffic to the stable ReplicaSet at once,
     * before the rollback in Git brings the template back. Empty when there was nothing to abort;
     * refusals about ownership or existence are thrown as for {@link #perform}.
     */
    public Optional<Result> abortIfInFlight(String app, String namespace, String name) {
        KubeObject ro = KubeObject.of(find(rolloutType(), app, namespace, name));
        String current = ro.at("/status/currentPodHash").asText("");
        String stable = ro.at("/status/stableRS").asText(ro.at("/status/canary/stableRS").asText(""));
        if (ro.at("/status/abort").asBoolean(false) || current.isEmpty() || current.equals(stable)) {
            return Optional.empty();
        }
        return Optional.of(perform(app, namespace, name, RolloutAction.ABORT, false));
    }

    /** The status of a Rollout of the app, read-only. */
    public RolloutStatus status(String app, String namespace, String name) {
        ObjectNode live = find(rolloutType(), app, namespace, name);
        return RolloutStatus.of(KubeObject.of(live), replicaSets(live.path("metadata").path("namespace").asText(namespace)));
    }

    /** The patches kubectl-argo-rollouts would send, or a refusal when there is nothing to do. */
    List<RolloutPatch> plan(KubeObject ro, RolloutAction action, boolean full) {
        JsonNode status = ro.at("/status");
        boolean specPaused = ro.at("/spec/paused").asBoolean(false);
        boolean hasPause = status.path("pauseConditions").isArray() && !status.path("pauseConditions").isEmpty();
        boolean aborted = status.path("abort").asBoolean(false);
        String current = status.path("currentPodHash").asText("");
        String stable = status.path("stableRS").asText(status.path("canary").path("stableRS").asText(""));
        boolean promoted = !current.isEmpty() && current.equals(stable);
        String who = "Rollout " + ro.namespace() + "/" + ro.name();
        List<RolloutPatch> out = new ArrayList<>();
        switch (action) {
            case PROMOTE -> {
                if (full) {
                    if (specPaused) {
                        out.add(RolloutPatch.spec("{\"spec\":{\"paused\":false}}"));
                    }
                    if (!current.equals(stable)) {
                        out.add(RolloutPatch.status("{\"status\":{\"promoteFull\":true}}"));
                    }
                } else {
                    if (specPaused) {
                        out.add(RolloutPatch.spec("{\"spec\":{\"paused\":false}}"));
                    }
                    JsonNode steps = ro.at("/spec/strategy/canary/steps");
                    int count = steps.isArray() ? steps.size() : 0;
                    int index = status.path("currentStepIndex").asInt(0);
                    boolean canaryWithSteps = ro.at("/spec/strategy/canary").isObject() && count > 0;
                    boolean inconclusive = ro.at("/spec/strategy/canary").isObject()
                            && "Inconclusive".equals(status.path("canary").path("currentStepAnalysisRunStatus").path("status").asText());
                    if (inconclusive && hasPause && status.path("controllerPause").asBoolean(false) && canaryWithSteps) {
                        out.add(RolloutPatch.status("{\"status\":{\"pauseConditions\":null, \"controllerPause\":false, \"currentStepIndex\":"
                                + Math.min(index + 1, count) + "}}"));
                    } else if (hasPause) {
                        out.add(RolloutPatch.status("{\"status\":{\"pauseConditions\":null}}"));
                    } else if (canaryWithSteps && !promoted && !aborted) {
                        out.add(RolloutPatch.status("{\"status\":{\"pauseConditions\":null, \"currentStepIndex\":" + Math.min(index + 1, count) + "}}"));
                    }
                }
                if (out.isEmpty()) {
                    throw new RolloutRefusal(promoted
                            ? who + " is already fully promoted (stable ReplicaSet " + stable + " is the current pod template): nothing to promote"
                            : aborted ? who + " is aborted: retry it first, or promote with full"
                            : who + " is not paused: nothing to promote (promote with full skips the remaining steps and analysis)");
                }
            }
            case ABORT -> {
                if (promoted) {
                    throw new RolloutRefusal(who + " is fully promoted (stable ReplicaSet " + stable + "): there is no update to abort");
                }
                if (aborted) {
                    throw new RolloutRefusal(who + " is already aborted");
                }
                out.add(RolloutPatch.status("{\"status\":{\"abort\":true}}"));
            }
            case RETRY -> {
                if (!aborted) {
                    throw new RolloutRefusal(who + " is not aborted: nothing to retry");
                }
                out.add(RolloutPatch.status("{\"status\":{\"abort\":false}}"));
            }
            case RESTART -> out.add(RolloutPatch.spec("{\n\t\"spec\": {\n\t\t\"restartAt\": \""
                    + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "\"\n\t}\n}"));
            case PAUSE -> {
                if (specPaused) {
                    throw new RolloutRefusal(who + " is already paused (spec.paused is true)");
                }
                out.add(RolloutPatch.spec("{\"spec\":{\"paused\":true}}"));
            }
        }
        return out;
    }

    /** The patch kubectl sends to the object when the status subresource is missing: spec and status in one. */
    private static String unified(List<RolloutPatch> patches) {
        ObjectNode merged = JSON.createObjectNode();
        for (RolloutPatch p : patches) {
            merge(merged, parse(p.json()));
        }
        return merged.toString();
    }

    private static void merge(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && into.path(e.getKey()).isObject()) {
                merge((ObjectNode) into.get(e.getKey()), e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    private ObjectNode write(ApiResource type, KubeObject ro, RolloutPatch p, String unified) {
        if (p.subresource().isEmpty()) {
            return cluster.mergePatch(type, ro.namespace(), ro.name(), parse(p.json()), null, fieldManager);
        }
        try {
            return cluster.mergePatch(type, ro.namespace(), ro.name(), parse(p.json()), p.subresource(), fieldManager);
        } catch (KubeApiException e) {
            if (!e.notFound()) {
                throw e;
            }
            // no status subresource (old CRDs): kubectl-argo-rollouts patches the object with spec and status together
            return cluster.mergePatch(type, ro.namespace(), ro.name(), parse(unified), null, fieldManager);
        }
    }

    private ApiResource rolloutType() {
        return cluster.resolver().find(GROUP + "/v1alpha1", "Rollout")
                .orElseThrow(() -> new RolloutRefusal("the cluster serves no argoproj.io/v1alpha1 Rollout: is Argo Rollouts installed?"));
    }

    /** The live Rollout, refused when absent, of another kind, or not the app's. */
    private ObjectNode find(ApiResource type, String app, String namespace, String name) {
        String n = name == null ? "" : name.strip();
        int slash = n.indexOf('/');
        if (slash >= 0) {
            String kind = n.substring(0, slash);
            if (!List.of("rollout", "rollouts", "ro", "rollout.argoproj.io").contains(kind.toLowerCase(java.util.Locale.ROOT))) {
                throw new RolloutRefusal(n + " is not an Argo Rollout: rollout actions apply to argoproj.io Rollouts only");
            }
            n = n.substring(slash + 1);
        }
        if (n.isEmpty()) {
            throw new RolloutRefusal("no Rollout name given");
        }
        Optional<ObjectNode> live = cluster.get(type, namespace, n);
        if (live.isEmpty()) {
            throw new RolloutRefusal("Rollout " + namespace + "/" + n + " not found" + otherKind(namespace, n));
        }
        AppOwnership.check(live.get(), app, "Rollout " + namespace + "/" + n);
        return live.get();
    }

    /** When a Deployment or StatefulSet has that name, say so: the user may have meant a workload that is not a Rollout. */
    private String otherKind(String namespace, String name) {
        for (String[] k : new String[][] {{"apps/v1", "Deployment"}, {"apps/v1", "StatefulSet"}}) {
            Optional<ApiResource> t = cluster.resolver().find(k[0], k[1]);
            if (t.isPresent() && cluster.get(t.get(), namespace, name).isPresent()) {
                return ": " + k[1] + " " + namespace + "/" + name + " exists, but it is not an Argo Rollout";
            }
        }
        return "";
    }

    private List<KubeObject> replicaSets(String namespace) {
        Optional<ApiResource> t = cluster.resolver().find("apps/v1", "ReplicaSet");
        return t.map(r -> cluster.list(r, namespace, null).stream().map(KubeObject::of).toList()).orElse(List.of());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
