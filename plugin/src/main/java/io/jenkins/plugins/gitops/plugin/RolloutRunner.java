package io.jenkins.plugins.gitops.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.Cluster;
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
final class RolloutRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RolloutRunner() {
    }

    static Map<String, Object> run(GitopsRolloutStep step, Run<?, ?> run, TaskListener listener) throws IOException, InterruptedException {
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
        ClusterAccess access = step.cluster().resolve(run, step.getNamespace());
        Masker masker = new Masker(access.secrets());
        try (Cluster cluster = Cluster.of(access.config())) {
            String ns = step.getNamespace().isEmpty() ? cluster.defaultNamespace() : step.getNamespace();
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
            GitopsAction.record(run, new GitopsRecord("rollout", step.getApp(), "", "",
                    masker.mask((status ? "status" : verb.label() + (step.isFull() ? " (full)" : "")) + " Rollout/" + s.namespace() + "/" + s.name()
                            + ": " + s.phase() + (s.stepText().isEmpty() ? "" : ", step " + s.stepText())
                            + (s.setWeight() < 0 ? "" : ", weight " + s.setWeight())), 1, s.canaryImages()));
            return out;
        } catch (GitopsException | IllegalArgumentException e) {
            throw new AbortException("gitopsRollout " + action + ": " + masker.mask(e.getMessage()));
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw new AbortException("gitopsRollout " + action + ": " + masker.mask(e.getMessage()));
        }
    }
}
