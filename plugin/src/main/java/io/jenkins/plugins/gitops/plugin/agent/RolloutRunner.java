package io.jenkins.plugins.gitops.plugin.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.plugin.steps.GitopsRolloutStep;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import io.jenkins.plugins.gitops.rollout.RolloutAction;
import io.jenkins.plugins.gitops.rollout.RolloutActions;
import io.jenkins.plugins.gitops.rollout.RolloutStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code gitopsRollout} call, shared by the step and the freestyle builder: resolves the
 * cluster, has the engine perform the action (or read the status), logs and records it, and
 * returns plain values: {@code action}, {@code rollout}, {@code message}, {@code patches} and
 * {@code status} (phase, message, step, steps, setWeight, actualWeight, stableImages,
 * canaryImages, paused, aborted...). A refusal (not the app's, no such Rollout, nothing to do)
 * fails the step with nothing written.
 */
public final class RolloutRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RolloutRunner() {
    }

    public static Map<String, Object> run(GitopsRolloutStep step, Run<?, ?> run, TaskListener listener) throws IOException, InterruptedException {
        String action = step.getAction();
        boolean status = "status".equals(action);
        RolloutAction verb = null;
        try {
            if (!status) {
                verb = RolloutAction.parse(action);
            }
        } catch (GitopsException e) {
            throw new AbortException("gitopsRollout: " + e.getMessage().replace("use one of ", "use one of status, "));
        }
        if (status && step.isFull()) {
            throw new AbortException("gitopsRollout: full applies to promote only, not to status");
        }
        String name = step.getName();
        String kind = name.contains("/") ? name.substring(0, name.indexOf('/')).toLowerCase(java.util.Locale.ROOT) : "rollout";
        boolean isvc = kind.equals("inferenceservice") || kind.equals("isvc");
        boolean sts = kind.equals("statefulset") || kind.equals("sts");
        if (step.getWeight() >= 0 && !isvc || step.getPartition() >= 0 && !sts) {
            throw new AbortException("gitopsRollout: weight applies to inferenceservice/NAME and partition to statefulset/NAME only");
        }
        if ((isvc || sts) && (step.isFull() || verb != null && verb != RolloutAction.PROMOTE && !(isvc && verb == RolloutAction.ABORT))) {
            throw new AbortException("gitopsRollout: " + (step.isFull() ? "full" : verb.label()) + " does not apply to " + name
                    + (isvc ? ": use promote (weight), abort or status" : ": use promote (partition) or status"));
        }
        // this runs on the controller: named clusters only, whose restrictions bind the object it patches
        ClusterAccess access = step.cluster().resolveOnController(run, step.getNamespace(), "gitopsRollout");
        Masker masker = new Masker(access.secrets());
        try (Cluster cluster = Cluster.of(access.config())) {
            String ns = step.getNamespace().isEmpty() ? cluster.defaultNamespace() : step.getNamespace();
            if (!status && access.policy() != null) {
                String n = name.substring(name.indexOf('/') + 1);
                ResourceKey target = isvc ? new ResourceKey("serving.kserve.io", "InferenceService", ns, n)
                        : sts ? new ResourceKey("apps", "StatefulSet", ns, n) : new ResourceKey("argoproj.io", "Rollout", ns, n);
                access.policy().check(List.of(), false, List.of(target), List.of(), access.policy().inventoryNamespace());
            }
            if (isvc || sts) {
                return other(step, run, listener, cluster, ns, name.substring(name.indexOf('/') + 1), isvc, verb, masker);
            }
            RolloutActions actions = new RolloutActions(cluster);
            Map<String, Object> out = new LinkedHashMap<>();
            RolloutStatus s;
            if (status) {
                s = actions.status(step.getApp(), ns, step.getName());
                out.put("action", "status");
                out.put("rollout", "Rollout/" + s.namespace() + "/" + s.name());
                out.put("message", "");
                out.put("patches", new ArrayList<>());
            } else {
                RolloutActions.Result r = actions.perform(step.getApp(), ns, step.getName(), verb, step.isFull());
                s = r.status();
                out.put("action", verb.label());
                out.put("rollout", r.rollout());
                out.put("message", masker.mask(r.message()));
                List<String> patches = new ArrayList<>();
                r.patches().forEach(p -> patches.add(p.toString()));
                out.put("patches", patches);
                listener.getLogger().println(masker.mask("gitopsRollout: " + r.message() + " (" + String.join("; ", patches) + ")"));
            }
            s.toText().forEach(line -> listener.getLogger().println(masker.mask("gitopsRollout: " + line)));
            out.put("status", JSON.convertValue(s.toJson(), LinkedHashMap.class));
            GitopsAction.record(run, GitopsRecord.builder("rollout", GitopsRecord.Status.SUCCEEDED).app(step.getApp())
                    .summary(masker.mask((status ? "status" : verb.label() + (step.isFull() ? " (full)" : "")) + " Rollout/" + s.namespace() + "/"
                            + s.name() + ": " + s.phase() + (s.stepText().isEmpty() ? "" : ", step " + s.stepText())
                            + (s.setWeight() < 0 ? "" : ", weight " + s.setWeight()))).objects(1).images(s.canaryImages()).build());
            return out;
        } catch (GitopsException | IllegalArgumentException e) {
            throw new AbortException("gitopsRollout " + action + ": " + masker.mask(e.getMessage()));
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw new AbortException("gitopsRollout " + action + ": " + masker.mask(e.getMessage()));
        }
    }

    /** A KServe canary or a StatefulSet partition: {@code action}, {@code message}, {@code patches}, {@code status}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> other(GitopsRolloutStep step, Run<?, ?> run, TaskListener listener, Cluster cluster, String ns, String n,
            boolean isvc, RolloutAction verb, Masker masker) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", verb == null ? "status" : verb.label());
        out.put("rollout", (isvc ? "InferenceService/" : "StatefulSet/") + ns + "/" + n);
        List<String> lines;
        com.fasterxml.jackson.databind.node.ObjectNode json;
        String message = "";
        List<String> patches = new ArrayList<>();
        if (isvc) {
            io.jenkins.plugins.gitops.rollout.KServeCanary k = new io.jenkins.plugins.gitops.rollout.KServeCanary(cluster, null);
            if (verb == null) {
                var s = k.status(step.getApp(), ns, n);
                lines = s.toText();
                json = s.toJson();
            } else {
                var r = verb == RolloutAction.ABORT ? k.rollback(step.getApp(), ns, n)
                        : step.getWeight() >= 0 ? k.setTraffic(step.getApp(), ns, n, step.getWeight()) : k.promote(step.getApp(), ns, n);
                message = r.message();
                r.patches().forEach(p -> patches.add(p.toString()));
                lines = r.status().toText();
                json = r.status().toJson();
            }
        } else {
            io.jenkins.plugins.gitops.rollout.PartitionCanary p = new io.jenkins.plugins.gitops.rollout.PartitionCanary(cluster, null);
            if (verb == null) {
                var s = p.status(step.getApp(), ns, n);
                lines = s.toText();
                json = s.toJson();
            } else {
                var r = p.promote(step.getApp(), ns, n, Math.max(0, step.getPartition()));
                message = r.message();
                r.patches().forEach(x -> patches.add(x.toString()));
                lines = r.status().toText();
                json = r.status().toJson();
            }
        }
        if (!message.isEmpty()) {
            listener.getLogger().println(masker.mask("gitopsRollout: " + message + " (" + String.join("; ", patches) + ")"));
        }
        lines.forEach(line -> listener.getLogger().println(masker.mask("gitopsRollout: " + line)));
        out.put("message", masker.mask(message));
        out.put("patches", patches);
        out.put("status", JSON.convertValue(json, LinkedHashMap.class));
        GitopsAction.record(run, GitopsRecord.builder("rollout", GitopsRecord.Status.SUCCEEDED).app(step.getApp())
                .summary(masker.mask(out.get("action") + " " + out.get("rollout") + (message.isEmpty() ? "" : ": " + message))).objects(1).build());
        return out;
    }
}
