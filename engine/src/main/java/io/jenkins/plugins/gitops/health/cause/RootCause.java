package io.jenkins.plugins.gitops.health.cause;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Why an object is not healthy, in plain words: pure functions of the object, what is around it
 * ({@link Related}) and, when allowed, previous container logs. For a Deployment, the Pods of its
 * newest ReplicaSet; for a StatefulSet, DaemonSet, ReplicaSet or Job, the Pods it owns; for a Pod,
 * itself; for an Argo Rollout, its failed AnalysisRuns and their failing metrics; then the object's
 * failing conditions and the recent Warning events of it and its Pods.
 */
public final class RootCause {

    /** How many Warning events to quote at most, newest first. */
    static final int MAX_EVENTS = 5;

    private RootCause() {
    }

    public static List<String> explain(KubeObject obj, Related related, PreviousLogs logs) {
        Set<String> causes = new LinkedHashSet<>();
        List<KubeObject> pods = podsOf(obj, related);
        for (KubeObject pod : pods) {
            causes.addAll(PodCauses.of(pod, logs));
        }
        if ("Rollout".equals(obj.kind()) && "argoproj.io".equals(obj.group())) {
            causes.addAll(RolloutCauses.of(obj, related.analysisRuns()));
        }
        causes.addAll(FailingConditions.of(obj));
        causes.addAll(warnings(obj, pods, related.events()));
        return List.copyOf(causes);
    }

    /** The Pods that speak for this object: a Deployment's newest ReplicaSet's, an owner's own, or the Pod itself. */
    static List<KubeObject> podsOf(KubeObject obj, Related related) {
        switch (obj.kind()) {
            case "Pod":
                return List.of(obj);
            case "Deployment": {
                List<KubeObject> sets = related.replicaSets().stream().filter(rs -> ownedBy(rs, obj)).toList();
                return sets.stream().max(Comparator.comparingLong(RootCause::revision)
                                .thenComparing(rs -> rs.at("/metadata/creationTimestamp").asText("")))
                        .map(newest -> related.pods().stream().filter(p -> ownedBy(p, newest)).toList())
                        .orElse(List.of());
            }
            case "Rollout": {
                // the canary's (or preview's) pods: the ReplicaSet of the current pod hash
                String hash = obj.at("/status/currentPodHash").asText("");
                return related.replicaSets().stream().filter(rs -> ownedBy(rs, obj))
                        .filter(rs -> !hash.isEmpty() && hash.equals(rs.labels().getOrDefault("rollouts-pod-template-hash", "")))
                        .flatMap(rs -> related.pods().stream().filter(p -> ownedBy(p, rs))).toList();
            }
            default:
                return related.pods().stream().filter(p -> ownedBy(p, obj)).toList();
        }
    }

    static boolean ownedBy(KubeObject child, KubeObject owner) {
        if (!child.namespace().equals(owner.namespace())) {
            return false;
        }
        String uid = owner.at("/metadata/uid").asText("");
        for (JsonNode ref : child.at("/metadata/ownerReferences")) {
            if (!uid.isEmpty() && uid.equals(ref.path("uid").asText())
                    || uid.isEmpty() && owner.kind().equals(ref.path("kind").asText()) && owner.name().equals(ref.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static long revision(KubeObject rs) {
        try {
            return Long.parseLong(rs.annotation("deployment.kubernetes.io/revision").orElse("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code Warning FailedScheduling on Pod web-1: 0/3 nodes are available...}, newest first, one per reason and object. */
    static List<String> warnings(KubeObject obj, List<KubeObject> pods, List<KubeObject> events) {
        Set<String> names = new LinkedHashSet<>();
        names.add(obj.kind() + "/" + obj.name());
        pods.forEach(p -> names.add("Pod/" + p.name()));
        List<KubeObject> mine = events.stream()
                .filter(e -> "Warning".equals(e.at("/type").asText()))
                .filter(e -> e.namespace().equals(obj.namespace()))
                .filter(e -> names.contains(e.at("/involvedObject/kind").asText() + "/" + e.at("/involvedObject/name").asText()))
                .sorted(Comparator.comparing(RootCause::eventTime).reversed())
                .toList();
        Set<String> out = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (KubeObject e : mine) {
            String who = e.at("/involvedObject/kind").asText() + " " + e.at("/involvedObject/name").asText();
            if (seen.add(who + "|" + e.at("/reason").asText()) && out.size() < MAX_EVENTS) {
                out.add("Warning " + e.at("/reason").asText() + " on " + who + ": " + e.at("/message").asText().strip());
            }
        }
        return new ArrayList<>(out);
    }

    private static String eventTime(KubeObject e) {
        for (String p : List.of("/lastTimestamp", "/eventTime", "/firstTimestamp", "/metadata/creationTimestamp")) {
            String t = e.at(p).asText("");
            if (!t.isEmpty() && !"null".equals(t)) {
                return t;
            }
        }
        return "";
    }
}
