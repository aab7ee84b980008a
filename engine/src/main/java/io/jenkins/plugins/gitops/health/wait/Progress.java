package io.jenkins.plugins.gitops.health.wait;

import io.jenkins.plugins.gitops.health.Health;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.wait.WaitState.Target;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one-line summary of a wait, such as {@code 12/49 Deployments available, 60/75 objects
 * healthy; waiting on kubeflow/ml-pipeline (1/2 replicas ready)}, and whether it is done. The
 * waiter prints it only when it changes.
 */
record Progress(String line, boolean done) {

    static Progress of(Map<ResourceKey, Target> targets, Map<ResourceKey, KubeObject> live, Map<ResourceKey, Health> healths,
            boolean allowSuspended) {
        int deployments = 0;
        int available = 0;
        int done = 0;
        List<ResourceKey> waiting = new ArrayList<>();
        for (Map.Entry<ResourceKey, Health> e : healths.entrySet()) {
            HealthStatus s = e.getValue().status();
            boolean ok = s == HealthStatus.HEALTHY || allowSuspended && s == HealthStatus.SUSPENDED;
            if (e.getKey().kind().equals("Deployment")) {
                deployments++;
                available += ok ? 1 : 0;
            }
            if (ok) {
                done++;
            } else {
                waiting.add(e.getKey());
            }
        }
        StringBuilder b = new StringBuilder();
        if (deployments > 0) {
            b.append(available).append('/').append(deployments).append(" Deployments available, ");
        }
        b.append(done).append('/').append(healths.size()).append(" objects healthy");
        if (!waiting.isEmpty()) {
            waiting.sort(null);
            // the worst first, so a failure is named before things merely in progress
            waiting.sort((a, c) -> healths.get(c).status().compareTo(healths.get(a).status()));
            ResourceKey first = waiting.get(0);
            b.append("; waiting on ").append(name(first)).append(" (").append(detail(live.get(first), healths.get(first))).append(')');
            if (waiting.size() > 1) {
                b.append(" and ").append(waiting.size() - 1).append(" more");
            }
        }
        return new Progress(b.toString(), waiting.isEmpty());
    }

    private static String name(ResourceKey key) {
        String nsName = key.namespace().isEmpty() ? key.name() : key.namespace() + "/" + key.name();
        return key.kind().equals("Deployment") ? nsName : key.kind() + " " + nsName;
    }

    /** {@code 1/2 replicas ready} for workloads, else the health and its message (shortened). */
    private static String detail(KubeObject obj, Health health) {
        if (obj != null && health.status() == HealthStatus.PROGRESSING && (obj.kind().equals("Deployment") || obj.kind().equals("StatefulSet"))
                && obj.at("/spec/replicas").isNumber() && obj.at("/metadata/generation").asLong() <= obj.at("/status/observedGeneration").asLong(0)) {
            return obj.at("/status/readyReplicas").asLong(0) + "/" + obj.at("/spec/replicas").asLong() + " replicas ready";
        }
        String text = health.toString();
        int nl = text.indexOf('\n');
        text = nl < 0 ? text : text.substring(0, nl);
        return text.length() > 160 ? text.substring(0, 157) + "..." : text;
    }
}
