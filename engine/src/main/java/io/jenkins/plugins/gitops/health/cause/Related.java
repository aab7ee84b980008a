package io.jenkins.plugins.gitops.health.cause;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;

/**
 * What lives around an unhealthy object and may explain it: the ReplicaSets and Pods of its
 * namespace that it may own (filtered by owner reference here, so callers can pass a broad list),
 * recent Events of the namespace (only Warnings about the object or its children are used), and
 * for an Argo Rollout the AnalysisRuns of its namespace (those it owns are read).
 */
public record Related(List<KubeObject> replicaSets, List<KubeObject> pods, List<KubeObject> events,
        List<KubeObject> analysisRuns) {

    public static final Related NONE = new Related(List.of(), List.of(), List.of(), List.of());

    public Related {
        replicaSets = List.copyOf(replicaSets);
        pods = List.copyOf(pods);
        events = List.copyOf(events);
        analysisRuns = List.copyOf(analysisRuns);
    }

    /** Everything but AnalysisRuns, for objects that are not Rollouts. */
    public Related(List<KubeObject> replicaSets, List<KubeObject> pods, List<KubeObject> events) {
        this(replicaSets, pods, events, List.of());
    }
}
