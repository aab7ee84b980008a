package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The KServe controller's canary rollout of {@code serving.kserve.io} InferenceServices (serverless
 * mode): every change of {@code spec.predictor} other than {@code canaryTrafficPercent} makes a
 * new predictor revision {@code <name>-predictor-0000N}; once ready, it gets
 * {@code canaryTrafficPercent} percent of the traffic and the last rolled-out revision the rest;
 * without the field (or at 100) it takes all the traffic and becomes {@code latestRolledoutRevision}
 * (the one before it {@code previousRolledoutRevision}); at 0 all traffic goes back to the rolled-out
 * one. The status is KServe's: {@code components.predictor.{latestCreatedRevision,
 * latestReadyRevision, latestRolledoutRevision, previousRolledoutRevision, traffic[]}}, Ready,
 * PredictorReady and IngressReady conditions, {@code observedGeneration}, {@code url}. An
 * InferenceService {@link Failures#resource} names (Kind/name glob) gets a revision that fails:
 * PredictorReady False with reason RevisionFailed, traffic left where it was.
 */
public final class KServeSimulator extends Simulator {

    /** Per InferenceService: predictor spec hash to revision name, and the next revision number. */
    private final Map<String, Map<String, String>> revisions = new ConcurrentHashMap<>();

    public KServeSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "kserve-controller-manager";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "serving.kserve.io", "InferenceService") && !e.type().equals("DELETED")
                && e.object().path("status").path("observedGeneration").asLong(-1) != generation(e.object())) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> reconcile(ns, name));
        } else if (is(e, "serving.kserve.io", "InferenceService") && e.type().equals("DELETED")) {
            revisions.remove(ns(e.object()) + "/" + name(e.object()));
        }
    }

    private void reconcile(String namespace, String name) {
        ResourceType t = type("serving.kserve.io/v1beta1", "InferenceService");
        ObjectNode isvc = api().find(t, namespace, name);
        if (isvc == null) {
            return;
        }
        ObjectNode predictorSpec = isvc.path("spec").path("predictor").isObject() ? ((ObjectNode) isvc.path("spec").path("predictor")).deepCopy()
                : JSON.objectNode();
        JsonNode percentNode = predictorSpec.remove("canaryTrafficPercent");
        int percent = percentNode == null || percentNode.isNull() ? 100 : Math.max(0, Math.min(100, percentNode.asInt()));
        Map<String, String> known = revisions.computeIfAbsent(namespace + "/" + name, k -> new ConcurrentHashMap<>());
        String hash = templateHash(predictorSpec);
        String created = known.computeIfAbsent(hash, h -> String.format("%s-predictor-%05d", name, known.size() + 1));
        JsonNode old = isvc.path("status").path("components").path("predictor");
        String ready = old.path("latestReadyRevision").asText("");
        String rolledOut = old.path("latestRolledoutRevision").asText("");
        String previous = old.path("previousRolledoutRevision").asText("");
        Optional<String> failure = failures.resourceFailure("InferenceService", name);
        String now = api().now();
        ObjectNode status = JSON.objectNode().put("observedGeneration", generation(isvc)).put("url", "http://" + name + "." + namespace + ".example.com");
        ObjectNode predictor = status.putObject("components").putObject("predictor");
        predictor.put("latestCreatedRevision", created);
        if (failure.isPresent()) {
            // the new revision never becomes ready: traffic stays on the last ready one
            predictor.put("latestReadyRevision", ready).put("latestRolledoutRevision", rolledOut).put("previousRolledoutRevision", previous);
            ArrayNode traffic = predictor.putArray("traffic");
            if (!ready.isEmpty()) {
                traffic.addObject().put("revisionName", ready).put("percent", 100).put("latestRevision", false);
            }
            String msg = "Revision \"" + created + "\" failed with message: " + failure.get() + ".";
            status.set("conditions", array(condition("IngressReady", ready.isEmpty() ? "False" : "True", null, null, now),
                    condition("PredictorReady", "False", "RevisionFailed", msg, now), condition("Ready", "False", "RevisionFailed", msg, now)));
            writeStatus(t, namespace, name, status);
            return;
        }
        ready = created;
        // the stable side of a split: the last rolled-out revision, or the one before it when the latest is that one
        String stable = !rolledOut.isEmpty() && !rolledOut.equals(created) ? rolledOut : previous;
        ArrayNode traffic = predictor.putArray("traffic");
        if (percent >= 100 || stable.isEmpty()) {
            if (!created.equals(rolledOut)) {
                previous = rolledOut;
                rolledOut = created;
            }
            traffic.addObject().put("revisionName", created).put("percent", 100).put("latestRevision", true).put("tag", "latest");
        } else {
            if (percent > 0) {
                traffic.addObject().put("revisionName", created).put("percent", percent).put("latestRevision", true).put("tag", "latest");
            }
            traffic.addObject().put("revisionName", stable).put("percent", 100 - percent).put("latestRevision", false).put("tag", "prev");
        }
        predictor.put("latestReadyRevision", ready).put("latestRolledoutRevision", rolledOut).put("previousRolledoutRevision", previous);
        status.set("conditions", array(condition("IngressReady", "True", null, null, now), condition("PredictorReady", "True", null, null, now),
                condition("Ready", "True", null, null, now)));
        writeStatus(t, namespace, name, status);
    }
}
