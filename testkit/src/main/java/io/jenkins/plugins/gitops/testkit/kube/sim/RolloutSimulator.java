package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ApiException;
import io.jenkins.plugins.gitops.testkit.kube.DeleteOptions;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Argo Rollouts controller for {@code argoproj.io/v1alpha1} Rollouts, on ReplicaSets that
 * {@link ReplicaSetSimulator} turns into Pods. What it does, as the real one:
 * <ul>
 * <li>one ReplicaSet per pod template, named {@code <rollout>-<hash>}, labelled
 *     {@code rollouts-pod-template-hash}, annotated {@code rollout.argoproj.io/revision}; the first
 *     template is stable at once (no steps);</li>
 * <li><b>canary</b>: steps in order from {@code status.currentStepIndex}: {@code setWeight} scales the
 *     canary to ceil(weight × replicas) and the stable to the rest and waits for the canary to be
 *     available; {@code pause: {}} adds a {@code CanaryPauseStep} pause condition
 *     ({@code controllerPause: true}) until someone clears it (promote), {@code pause: {duration}}
 *     clears it itself when the time is up; {@code analysis} creates an AnalysisRun
 *     ({@code <rollout>-<hash>-<revision>-<step>}, owned by the Rollout) from the AnalysisTemplates and
 *     waits for it: Successful moves on, Failed or Error aborts, Inconclusive pauses
 *     ({@code InconclusiveAnalysisRun}). After the last step the canary takes every replica, becomes
 *     {@code stableRS}, and the old ReplicaSets go to zero. With {@code trafficRouting},
 *     {@code status.canary.weights} is written;</li>
 * <li><b>blue-green</b>: the new ReplicaSet at full size behind {@code previewService} (its selector
 *     switched to the new hash), {@code prePromotionAnalysis}, then a {@code BlueGreenPause} when
 *     {@code autoPromotionEnabled: false}; on promotion {@code activeService} selects the new hash
 *     and the old ReplicaSet is scaled down after {@code scaleDownDelaySeconds} (default 30, with the
 *     {@code argo-rollouts.argoproj.io/scale-down-deadline} annotation);</li>
 * <li>{@code status.abort: true}: the canary is scaled to zero (blue-green: preview back on the
 *     stable hash), phase Degraded with a {@code RolloutAborted} condition, until the abort is cleared
 *     (retry: steps from 0) or the template goes back to the stable one (then Healthy);
 *     {@code status.promoteFull: true} skips remaining steps, pauses and analysis; {@code spec.paused}
 *     holds everything ("manually paused"); {@code spec.restartAt} restarts older Pods and is
 *     reported in {@code status.restartedAt};</li>
 * <li>the status: {@code observedGeneration} as a string, {@code phase}/{@code message} as the
 *     controller computes them, {@code currentPodHash}, {@code stableRS}, {@code currentStepIndex},
 *     {@code pauseConditions}, {@code controllerPause}, {@code blueGreen.activeSelector/previewSelector},
 *     {@code canary.currentStepAnalysisRunStatus}, replica counts, {@code selector}, conditions.</li>
 * </ul>
 * Status writes carry the resourceVersion read at the start, so a promote or abort written
 * meanwhile is never overwritten: the write fails with a conflict and the change's event brings
 * the controller back.
 */
public final class RolloutSimulator extends Simulator {

    static final String HASH_LABEL = "rollouts-pod-template-hash";
    static final String REVISION = "rollout.argoproj.io/revision";
    static final String SCALE_DOWN = "argo-rollouts.argoproj.io/scale-down-deadline";

    private final java.util.Map<String, Instant> progressStarted = new java.util.concurrent.ConcurrentHashMap<>();

    public RolloutSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "rollouts-controller";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "argoproj.io", "Rollout") && !e.type().equals("DELETED")) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> reconcile(ns, name));
        } else if (is(e, "apps", "ReplicaSet") || is(e, "argoproj.io", "AnalysisRun")) {
            for (JsonNode ref : e.object().path("metadata").path("ownerReferences")) {
                if (ref.path("kind").asText().equals("Rollout")) {
                    String ns = ns(e.object());
                    String owner = ref.path("name").asText();
                    later(() -> reconcile(ns, owner));
                }
            }
        }
    }

    /** What one reconcile computes before it writes: the scale of the two ReplicaSets and the status. */
    private static final class Plan {
        int newReplicas;
        int stableReplicas;
        boolean promoted;
        boolean aborted;
        boolean deadlineExceeded;
        String abortMessage = "";
        String pauseReason;
        String activeHash;
        String previewHash;
        Integer stepIndex;
        ObjectNode stepAnalysis;
        Integer weight;
    }

    private void reconcile(String namespace, String name) {
        ResourceType rollouts = type("argoproj.io/v1alpha1", "Rollout");
        ResourceType replicaSets = type("apps/v1", "ReplicaSet");
        ObjectNode ro = api().find(rollouts, namespace, name);
        if (ro == null || ro.path("metadata").path("deletionTimestamp").isTextual()) {
            return;
        }
        JsonNode spec = ro.path("spec");
        ObjectNode old = ro.path("status").isObject() ? (ObjectNode) ro.get("status") : JSON.objectNode();
        int replicas = spec.path("replicas").asInt(1);
        String hash = templateHash(spec.path("template"));
        boolean canary = spec.path("strategy").path("canary").isObject();
        JsonNode steps = spec.path("strategy").path("canary").path("steps");
        int stepCount = steps.isArray() ? steps.size() : 0;

        List<ObjectNode> sets = owned(replicaSets, ro);
        ObjectNode newRs = sets.stream().filter(rs -> hash.equals(label(rs))).findFirst().orElse(null);
        if (newRs == null) {
            long revision = sets.stream().mapToLong(rs -> rs.path("metadata").path("annotations").path(REVISION).asLong(0)).max().orElse(0) + 1;
            newRs = api().create(replicaSets, namespace, replicaSet(ro, hash, revision), opts(replicaSets));
        }
        long revision = newRs.path("metadata").path("annotations").path(REVISION).asLong(1);
        String stable = old.path("stableRS").asText("");
        boolean newUpdate = !hash.equals(old.path("currentPodHash").asText(""));

        ObjectNode status = old.deepCopy();
        status.put("observedGeneration", String.valueOf(generation(ro)));
        status.put("currentPodHash", hash);
        if (newUpdate) {
            // a new template starts over: no abort, no pause, first step
            status.remove(List.of("abort", "abortedAt", "pauseConditions", "promoteFull"));
            status.put("controllerPause", false);
            if (stepCount > 0) {
                status.put("currentStepIndex", 0);
            }
            if (status.path("canary").isObject()) {
                ((ObjectNode) status.get("canary")).remove("currentStepAnalysisRunStatus");
            }
        }
        Plan plan = new Plan();
        plan.stepIndex = stepCount > 0 ? status.path("currentStepIndex").asInt(0) : null;
        if (stable.isEmpty() || stable.equals(hash)) {
            // first rollout, fully promoted, or rolled back to the stable template (this ends an abort)
            stable = hash;
            status.remove(List.of("abort", "abortedAt", "pauseConditions", "promoteFull"));
            status.put("controllerPause", false);
            plan.newReplicas = replicas;
            plan.promoted = true;
            plan.activeHash = hash;
            plan.previewHash = hash;
            plan.stepIndex = stepCount > 0 ? stepCount : null;
        } else if (spec.path("paused").asBoolean(false) && !status.path("abort").asBoolean(false)) {
            plan.newReplicas = newRs.path("spec").path("replicas").asInt(0);
            plan.stableReplicas = canary ? Math.max(0, replicas - plan.newReplicas) : replicas;
            plan.pauseReason = "manually paused";
            plan.activeHash = stable;
            plan.previewHash = canary ? null : hash;
        } else if (canary) {
            canary(ro, status, plan, newRs, revision, replicas, stable, steps);
        } else {
            blueGreen(ro, status, plan, newRs, revision, replicas, stable);
        }
        if (plan.promoted) {
            stable = hash;
            status.remove("promoteFull");
        }
        status.put("stableRS", stable);

        // scale: the new ReplicaSet, the stable one, every other to zero (blue-green: after the delay)
        scale(replicaSets, newRs, plan.newReplicas);
        for (ObjectNode rs : sets) {
            String h = label(rs);
            if (h.equals(hash)) {
                continue;
            }
            if (h.equals(stable) && !plan.promoted) {
                scale(replicaSets, rs, plan.stableReplicas);
            } else if (!canary && plan.promoted && rs.path("spec").path("replicas").asInt() > 0) {
                scaleDownLater(ro, replicaSets, rs);
            } else {
                scale(replicaSets, rs, 0);
            }
        }
        if (!canary) {
            ObjectNode bg = status.withObjectProperty("blueGreen");
            selectService(namespace, spec.path("strategy").path("blueGreen").path("activeService").asText(""), plan.activeHash, bg, "activeSelector");
            selectService(namespace, spec.path("strategy").path("blueGreen").path("previewService").asText(""),
                    plan.previewHash == null ? plan.activeHash : plan.previewHash, bg, "previewSelector");
        } else {
            ObjectNode c = status.withObjectProperty("canary");
            selectService(namespace, spec.path("strategy").path("canary").path("canaryService").asText(""), hash, null, null);
            selectService(namespace, spec.path("strategy").path("canary").path("stableService").asText(""), stable, null, null);
            if (plan.stepAnalysis != null) {
                c.set("currentStepAnalysisRunStatus", plan.stepAnalysis);
            }
            if (spec.path("strategy").path("canary").path("trafficRouting").isObject()) {
                int w = plan.promoted ? 100 : plan.aborted ? 0 : plan.weight == null ? 0 : plan.weight;
                ObjectNode weights = c.putObject("weights");
                weights.putObject("canary").put("podTemplateHash", hash).put("weight", w);
                weights.putObject("stable").put("podTemplateHash", stable).put("weight", 100 - w);
            }
        }
        if (plan.stepIndex != null) {
            status.put("currentStepIndex", plan.stepIndex);
        }
        restart(ro, status, sets);
        deadline(ro, plan, newRs, hash);
        counts(status, ro, owned(replicaSets, ro), hash);
        conditionsAndPhase(ro, status, plan);
        writeStatus(rollouts, ro, status);
    }

    private void canary(ObjectNode ro, ObjectNode status, Plan plan, ObjectNode newRs, long revision, int replicas, String stable, JsonNode steps) {
        int available = newRs.path("status").path("availableReplicas").asInt(0);
        if (status.path("abort").asBoolean(false)) {
            plan.aborted = true;
            plan.newReplicas = 0;
            plan.stableReplicas = replicas;
            plan.abortMessage = status.path("canary").path("currentStepAnalysisRunStatus").path("message").asText("");
            abortReset(status);
            plan.stepIndex = 0;
            return;
        }
        if (status.path("promoteFull").asBoolean(false)) {
            plan.stepIndex = steps.size() > 0 ? steps.size() : null;
            finish(plan, available, replicas);
            return;
        }
        int index = plan.stepIndex == null ? 0 : plan.stepIndex;
        int canaryReplicas = newRs.path("spec").path("replicas").asInt(0);
        plan.weight = currentWeight(steps, index);
        while (index < steps.size()) {
            JsonNode step = steps.get(index);
            if (step.has("setWeight")) {
                int weight = step.path("setWeight").asInt();
                plan.weight = weight;
                canaryReplicas = (int) Math.ceil(replicas * weight / 100.0);
                if (available < canaryReplicas) {
                    break;
                }
                index++;
            } else if (step.has("pause")) {
                if (pauseStep(status, step.path("pause"), "CanaryPauseStep", ro)) {
                    plan.pauseReason = "CanaryPauseStep";
                    break;
                }
                index++;
            } else if (step.has("analysis")) {
                String run = analysis(ro, status, step.path("analysis"), name(ro) + "-" + label(newRs) + "-" + revision + "-" + index, "Step",
                        consumed(status.path("canary").path("currentStepAnalysisRunStatus")));
                ObjectNode s = JSON.objectNode().put("name", run).put("status", runPhase(ro, run));
                String message = runMessage(ro, run);
                if (!message.isEmpty()) {
                    s.put("message", message);
                }
                plan.stepAnalysis = s;
                String phase = s.path("status").asText();
                if (phase.equals("Successful")) {
                    index++;
                } else if (phase.equals("Failed") || phase.equals("Error")) {
                    status.put("abort", true).put("abortedAt", api().now());
                    abortReset(status);
                    plan.aborted = true;
                    plan.abortMessage = message;
                    plan.newReplicas = 0;
                    plan.stableReplicas = replicas;
                    plan.stepIndex = 0;
                    return;
                } else if (phase.equals("Inconclusive")) {
                    // promote clears the pause and moves past this step (kubectl-argo-rollouts' patch does)
                    if (pauseStep(status, JSON.objectNode(), "InconclusiveAnalysisRun", ro)) {
                        plan.pauseReason = "InconclusiveAnalysisRun";
                        break;
                    }
                    index++;
                } else {
                    break;
                }
            } else {
                index++; // steps we do not simulate (experiment, setCanaryScale, plugin) pass at once
            }
        }
        plan.stepIndex = index;
        if (index >= steps.size()) {
            finish(plan, available, replicas);
            return;
        }
        plan.newReplicas = canaryReplicas;
        plan.stableReplicas = Math.max(0, replicas - canaryReplicas);
    }

    /** All steps done: the canary takes every replica; once they are available it is the stable one. */
    private static void finish(Plan plan, int available, int replicas) {
        plan.newReplicas = replicas;
        plan.stableReplicas = replicas;
        plan.weight = 100;
        plan.promoted = available >= replicas;
        if (plan.promoted) {
            plan.stableReplicas = 0;
        }
    }

    private void blueGreen(ObjectNode ro, ObjectNode status, Plan plan, ObjectNode newRs, long revision, int replicas, String stable) {
        JsonNode bg = ro.path("spec").path("strategy").path("blueGreen");
        int available = newRs.path("status").path("availableReplicas").asInt(0);
        plan.stableReplicas = replicas;
        plan.activeHash = stable;
        if (status.path("abort").asBoolean(false)) {
            plan.aborted = true;
            plan.newReplicas = 0;
            plan.previewHash = stable;
            plan.abortMessage = status.path("blueGreen").path("prePromotionAnalysisRunStatus").path("message").asText("");
            return;
        }
        plan.newReplicas = replicas;
        plan.previewHash = label(newRs);
        if (available < replicas) {
            return;
        }
        boolean full = status.path("promoteFull").asBoolean(false);
        if (!full && bg.path("prePromotionAnalysis").isObject()) {
            String run = analysis(ro, status, bg.path("prePromotionAnalysis"), name(ro) + "-" + label(newRs) + "-" + revision + "-pre", "PrePromotion",
                    consumed(status.path("blueGreen").path("prePromotionAnalysisRunStatus")));
            String phase = runPhase(ro, run);
            ObjectNode s = status.withObjectProperty("blueGreen").putObject("prePromotionAnalysisRunStatus").put("name", run).put("status", phase);
            String message = runMessage(ro, run);
            if (!message.isEmpty()) {
                s.put("message", message);
            }
            if (phase.equals("Failed") || phase.equals("Error")) {
                status.put("abort", true).put("abortedAt", api().now());
                abortReset(status);
                plan.aborted = true;
                plan.abortMessage = message;
                plan.newReplicas = 0;
                plan.previewHash = stable;
                return;
            }
            if (!phase.equals("Successful")) {
                return;
            }
        }
        if (!full && !bg.path("autoPromotionEnabled").asBoolean(true)) {
            if (pauseStep(status, JSON.objectNode(), "BlueGreenPause", ro)) {
                plan.pauseReason = "BlueGreenPause";
                return;
            }
        }
        plan.promoted = true;
        plan.activeHash = label(newRs);
    }

    /**
     * A pause: true while it holds. The controller adds the condition once; someone clearing the
     * conditions while {@code controllerPause} is still true is a promote (the pause is over); a
     * duration ends it when the time is up.
     */
    private boolean pauseStep(ObjectNode status, JsonNode pause, String reason, ObjectNode ro) {
        ArrayNode conditions = status.path("pauseConditions").isArray() ? (ArrayNode) status.get("pauseConditions") : null;
        boolean held = conditions != null && !conditions.isEmpty();
        if (!held && status.path("controllerPause").asBoolean(false)) {
            status.put("controllerPause", false);
            status.remove("pauseConditions");
            return false;
        }
        if (!held) {
            status.set("pauseConditions", array(JSON.objectNode().put("reason", reason).put("startTime", api().now())));
            status.put("controllerPause", true);
            held = true;
            conditions = (ArrayNode) status.get("pauseConditions");
        }
        Optional<Duration> duration = duration(pause.path("duration"));
        if (duration.isPresent()) {
            Instant end = Instant.parse(conditions.get(0).path("startTime").asText()).plus(duration.get());
            long wait = Duration.between(Instant.now(), end).toMillis();
            if (wait <= 0) {
                status.remove("pauseConditions");
                status.put("controllerPause", false);
                return false;
            }
            String ns = ns(ro);
            String name = name(ro);
            later(wait + 5, () -> reconcile(ns, name));
        }
        return held;
    }

    /**
     * {@code spec.progressDeadlineSeconds} (default 600): an update whose new Pods do not become
     * available in time is Degraded with ProgressDeadlineExceeded, as the real controller reports
     * it (without aborting, unless {@code progressDeadlineAbort}: then it aborts too).
     */
    private void deadline(ObjectNode ro, Plan plan, ObjectNode newRs, String hash) {
        String key = ns(ro) + "/" + name(ro) + "/" + hash;
        boolean waiting = !plan.promoted && !plan.aborted && plan.pauseReason == null
                && newRs.path("status").path("availableReplicas").asInt(0) < plan.newReplicas;
        if (!waiting) {
            progressStarted.remove(key);
            return;
        }
        long seconds = ro.path("spec").path("progressDeadlineSeconds").asLong(600);
        Instant started = progressStarted.computeIfAbsent(key, k -> Instant.now());
        long left = Duration.between(Instant.now(), started.plusSeconds(seconds)).toMillis();
        if (left <= 0) {
            plan.deadlineExceeded = true;
            if (ro.path("spec").path("progressDeadlineAbort").asBoolean(false)) {
                plan.aborted = true;
            }
        } else {
            String ns = ns(ro);
            String name = name(ro);
            later(left + 10, () -> reconcile(ns, name));
        }
    }

    /** {@code 30}, {@code "30s"}, {@code "1m"}, {@code "1h"} (Argo Rollouts' DurationString). */
    static Optional<Duration> duration(JsonNode d) {
        if (d.isIntegralNumber()) {
            return Optional.of(Duration.ofSeconds(d.asLong()));
        }
        String s = d.asText("").strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.chars().allMatch(Character::isDigit)) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
        }
        return Optional.of(Duration.parse("PT" + s.toUpperCase(java.util.Locale.ROOT)));
    }

    /** The weight the steps so far have set (Argo Rollouts' GetCurrentSetWeight). */
    static int currentWeight(JsonNode steps, int index) {
        if (index >= steps.size()) {
            return 100;
        }
        for (int i = index; i >= 0; i--) {
            if (steps.get(i).has("setWeight")) {
                return steps.get(i).path("setWeight").asInt();
            }
        }
        return 0;
    }

    /** An abort drops pauses and goes back to the first step (a retry starts there). */
    private static void abortReset(ObjectNode status) {
        status.remove("pauseConditions");
        status.put("controllerPause", false);
        if (status.has("currentStepIndex")) {
            status.put("currentStepIndex", 0);
        }
    }

    /** The run whose failure already aborted the Rollout: a retry must not act on it again. */
    private static String consumed(JsonNode runStatus) {
        String phase = runStatus.path("status").asText("");
        return phase.equals("Failed") || phase.equals("Error") ? runStatus.path("name").asText(null) : null;
    }

    /**
     * The AnalysisRun of a step: the latest of {@code base}, {@code base.1}, {@code base.2}..., or a
     * new one (from the templates' metrics) when there is none or the latest already aborted the
     * Rollout ({@code consumed}) and this is a retry.
     */
    private String analysis(ObjectNode ro, ObjectNode status, JsonNode analysis, String base, String type, String consumed) {
        ResourceType runs = type("argoproj.io/v1alpha1", "AnalysisRun");
        int k = 0;
        String latest = null;
        while (api().find(runs, ns(ro), k == 0 ? base : base + "." + k) != null) {
            latest = k == 0 ? base : base + "." + k;
            k++;
        }
        if (latest != null && !latest.equals(consumed)) {
            return latest;
        }
        String runName = k == 0 ? base : base + "." + k;
        ObjectNode run = JSON.objectNode().put("apiVersion", "argoproj.io/v1alpha1").put("kind", "AnalysisRun");
        ObjectNode md = run.putObject("metadata").put("name", runName).put("namespace", ns(ro));
        md.putObject("labels").put(HASH_LABEL, status.path("currentPodHash").asText()).put("rollout-type", type);
        md.putArray("ownerReferences").add(ownerReference(ro));
        ObjectNode spec = run.putObject("spec");
        ArrayNode metrics = spec.putArray("metrics");
        ArrayNode args = spec.putArray("args");
        Optional<ResourceType> templates = api().types().byKind("argoproj.io/v1alpha1", "AnalysisTemplate");
        for (JsonNode ref : analysis.path("templates")) {
            ObjectNode template = templates.map(t -> api().find(t, ns(ro), ref.path("templateName").asText())).orElse(null);
            if (template == null) {
                // the real controller refuses too: the Rollout reports it and waits
                throw new ApiException(404, "NotFound", "AnalysisTemplate " + ns(ro) + "/" + ref.path("templateName").asText() + " not found");
            }
            template.path("spec").path("metrics").forEach(m -> metrics.add(m.deepCopy()));
            template.path("spec").path("args").forEach(a -> args.add(a.deepCopy()));
        }
        api().create(runs, ns(ro), run, opts(runs));
        return runName;
    }

    private String runPhase(ObjectNode ro, String run) {
        ObjectNode r = api().find(type("argoproj.io/v1alpha1", "AnalysisRun"), ns(ro), run);
        return r == null ? "Pending" : r.path("status").path("phase").asText("Pending");
    }

    private String runMessage(ObjectNode ro, String run) {
        ObjectNode r = api().find(type("argoproj.io/v1alpha1", "AnalysisRun"), ns(ro), run);
        return r == null ? "" : r.path("status").path("message").asText("");
    }

    private ObjectNode replicaSet(JsonNode ro, String hash, long revision) {
        ObjectNode rs = JSON.objectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
        ObjectNode md = rs.putObject("metadata").put("name", name(ro) + "-" + hash).put("namespace", ns(ro));
        ObjectNode labels = ro.path("spec").path("template").path("metadata").path("labels").isObject()
                ? ((ObjectNode) ro.path("spec").path("template").path("metadata").path("labels")).deepCopy() : JSON.objectNode();
        labels.put(HASH_LABEL, hash);
        md.set("labels", labels.deepCopy());
        md.putObject("annotations").put(REVISION, String.valueOf(revision));
        md.putArray("ownerReferences").add(ownerReference(ro));
        ObjectNode spec = rs.putObject("spec").put("replicas", 0);
        ObjectNode selector = ro.path("spec").path("selector").isObject() ? ((ObjectNode) ro.path("spec").path("selector")).deepCopy() : JSON.objectNode();
        selector.withObjectProperty("matchLabels").put(HASH_LABEL, hash);
        spec.set("selector", selector);
        ObjectNode template = ro.path("spec").path("template").deepCopy();
        template.withObjectProperty("metadata").set("labels", labels);
        spec.set("template", template);
        return rs;
    }

    private void scale(ResourceType t, ObjectNode rs, int replicas) {
        if (rs.path("spec").path("replicas").asInt(-1) == replicas && !rs.path("metadata").path("annotations").has(SCALE_DOWN)) {
            return;
        }
        ObjectNode copy = rs.deepCopy();
        ((ObjectNode) copy.get("spec")).put("replicas", replicas);
        ObjectNode md = (ObjectNode) copy.get("metadata");
        md.remove("resourceVersion");
        if (md.path("annotations").isObject()) {
            ((ObjectNode) md.get("annotations")).remove(SCALE_DOWN);
        }
        api().update(t, ns(rs), name(rs), copy, null, opts(t));
    }

    /** Blue-green keeps the old stack for {@code scaleDownDelaySeconds} (default 30) after the switch, so it can be switched back. */
    private void scaleDownLater(ObjectNode ro, ResourceType t, ObjectNode rs) {
        String deadline = rs.path("metadata").path("annotations").path(SCALE_DOWN).asText("");
        if (deadline.isEmpty()) {
            long delay = ro.path("spec").path("strategy").path("blueGreen").path("scaleDownDelaySeconds").asLong(30);
            ObjectNode copy = rs.deepCopy();
            ((ObjectNode) copy.get("metadata")).remove("resourceVersion");
            copy.withObjectProperty("metadata").withObjectProperty("annotations").put(SCALE_DOWN, Instant.now().plusSeconds(delay).toString());
            api().update(t, ns(rs), name(rs), copy, null, opts(t));
            String ns = ns(ro);
            String name = name(ro);
            later(delay * 1000 + 5, () -> reconcile(ns, name));
        } else if (!Instant.now().isBefore(Instant.parse(deadline))) {
            scale(t, rs, 0);
        }
    }

    /** Points a Service at one pod hash (the controller owns that selector key), and records it. */
    private void selectService(String namespace, String service, String hash, ObjectNode record, String field) {
        if (hash == null) {
            return;
        }
        if (record != null) {
            record.put(field, hash);
        }
        if (service.isEmpty()) {
            return;
        }
        ResourceType services = type("v1", "Service");
        ObjectNode svc = api().find(services, namespace, service);
        if (svc == null || hash.equals(svc.path("spec").path("selector").path(HASH_LABEL).asText())) {
            return;
        }
        ObjectNode copy = svc.deepCopy();
        ((ObjectNode) copy.get("metadata")).remove("resourceVersion");
        copy.withObjectProperty("spec").withObjectProperty("selector").put(HASH_LABEL, hash);
        copy.withObjectProperty("metadata").withObjectProperty("annotations").put("argo-rollouts.argoproj.io/managed-by-rollouts", service);
        api().update(services, namespace, service, copy, null, opts(services));
    }

    /** {@code spec.restartAt} in the past and not yet done: delete the Pods started before it (their ReplicaSets recreate them). */
    private void restart(ObjectNode ro, ObjectNode status, List<ObjectNode> sets) {
        String at = ro.path("spec").path("restartAt").asText("");
        if (at.isEmpty() || at.equals(status.path("restartedAt").asText(""))) {
            return;
        }
        Instant when = Instant.parse(at);
        if (Instant.now().isBefore(when)) {
            String ns = ns(ro);
            String name = name(ro);
            later(Duration.between(Instant.now(), when).toMillis() + 5, () -> reconcile(ns, name));
            return;
        }
        ResourceType pods = type("v1", "Pod");
        for (ObjectNode rs : sets) {
            for (ObjectNode pod : owned(pods, rs)) {
                String created = pod.path("metadata").path("creationTimestamp").asText("");
                if (!created.isEmpty() && Instant.parse(created).isBefore(when)) {
                    api().delete(pods, ns(pod), name(pod), DeleteOptions.background(), false, "v1");
                }
            }
        }
        status.put("restartedAt", at);
    }

    private static void counts(ObjectNode status, ObjectNode ro, List<ObjectNode> sets, String hash) {
        int total = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (ObjectNode rs : sets) {
            JsonNode s = rs.path("status");
            total += s.path("replicas").asInt(0);
            ready += s.path("readyReplicas").asInt(0);
            available += s.path("availableReplicas").asInt(0);
            if (hash.equals(label(rs))) {
                updated = s.path("replicas").asInt(0);
            }
        }
        status.put("replicas", total).put("updatedReplicas", updated).put("readyReplicas", ready)
                .put("availableReplicas", available).put("HPAReplicas", total);
        status.put("selector", selector(ro.path("spec").path("selector")));
    }

    /** Conditions, then phase and message as Argo Rollouts' CalculateRolloutPhase computes them from the new status. */
    private void conditionsAndPhase(ObjectNode ro, ObjectNode status, Plan plan) {
        String now = api().now();
        int replicas = ro.path("spec").path("replicas").asInt(1);
        ArrayNode conditions = JSON.arrayNode();
        String revisionMessage = "Rollout aborted update to revision " + revisionOf(ro, status);
        String timedOut = "ReplicaSet \"" + name(ro) + "-" + status.path("currentPodHash").asText() + "\" has timed out progressing.";
        if (plan.deadlineExceeded && !plan.aborted) {
            conditions.add(condition("Progressing", "False", "ProgressDeadlineExceeded", timedOut, now));
        } else if (plan.aborted) {
            String message = plan.abortMessage.isEmpty() ? revisionMessage : revisionMessage + ": " + plan.abortMessage;
            conditions.add(condition("Progressing", "False", "RolloutAborted", message, now));
        } else if (plan.pauseReason != null) {
            conditions.add(condition("Progressing", "Unknown", "RolloutPaused", "Rollout is paused", now));
            conditions.add(condition("Paused", "True", "RolloutPaused", "Rollout is paused", now));
        } else if (plan.promoted) {
            conditions.add(condition("Progressing", "True", "NewReplicaSetAvailable", "Rollout \"" + name(ro) + "\" has successfully progressed.", now));
        } else {
            conditions.add(condition("Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"" + name(ro) + "-" + status.path("currentPodHash").asText()
                    + "\" is progressing.", now));
        }
        boolean available = status.path("availableReplicas").asInt(0) >= replicas;
        conditions.add(condition("Available", available ? "True" : "False", available ? "AvailableReason" : "AvailableReason",
                available ? "Rollout has minimum availability" : "Rollout does not have minimum availability", now));
        boolean complete = plan.promoted && status.path("updatedReplicas").asInt() == replicas && status.path("replicas").asInt() == replicas;
        conditions.add(condition("Completed", complete ? "True" : "False", complete ? "RolloutCompleted" : "RolloutNotCompleted",
                complete ? "Rollout completed update to revision " + revisionOf(ro, status) : "Rollout not completed, started update to revision "
                        + revisionOf(ro, status), now));
        // keep transition times of unchanged conditions, as controllers do
        for (JsonNode c : conditions) {
            for (JsonNode o : ro.path("status").path("conditions")) {
                if (o.path("type").equals(c.path("type")) && o.path("status").equals(c.path("status")) && o.path("reason").equals(c.path("reason"))) {
                    ((ObjectNode) c).set("lastTransitionTime", o.path("lastTransitionTime"));
                }
            }
        }
        status.set("conditions", conditions);
        String phase;
        String message;
        if (plan.deadlineExceeded && !plan.aborted) {
            phase = "Degraded";
            message = "ProgressDeadlineExceeded: " + timedOut;
        } else if (plan.aborted) {
            phase = "Degraded";
            message = "RolloutAborted: " + conditions.get(0).path("message").asText();
        } else if (plan.pauseReason != null) {
            phase = "Paused";
            message = plan.pauseReason;
        } else if (status.path("updatedReplicas").asInt() < replicas) {
            phase = "Progressing";
            message = "more replicas need to be updated";
        } else if (status.path("availableReplicas").asInt() < status.path("updatedReplicas").asInt()) {
            phase = "Progressing";
            message = "updated replicas are still becoming available";
        } else if (!ro.path("spec").path("strategy").path("canary").isObject() && !plan.promoted) {
            phase = "Progressing";
            message = "active service cutover pending";
        } else if (ro.path("spec").path("strategy").path("canary").isObject() && status.path("replicas").asInt() > status.path("updatedReplicas").asInt()) {
            phase = "Progressing";
            message = "old replicas are pending termination";
        } else if (!plan.promoted) {
            phase = "Progressing";
            message = "waiting for all steps to complete";
        } else {
            phase = "Healthy";
            message = "";
        }
        status.put("phase", phase);
        if (message.isEmpty()) {
            status.remove("message");
        } else {
            status.put("message", message);
        }
    }

    private long revisionOf(ObjectNode ro, ObjectNode status) {
        ResourceType rs = type("apps/v1", "ReplicaSet");
        ObjectNode set = api().find(rs, ns(ro), name(ro) + "-" + status.path("currentPodHash").asText());
        return set == null ? 1 : set.path("metadata").path("annotations").path(REVISION).asLong(1);
    }

    /** Writes the status on the version read at the start: a conflict means someone (a promote, an abort) wrote meanwhile. */
    private void writeStatus(ResourceType t, ObjectNode ro, ObjectNode status) {
        if (status.equals(ro.get("status"))) {
            return;
        }
        ObjectNode copy = ro.deepCopy();
        copy.set("status", status);
        api().update(t, ns(ro), name(ro), copy, "status", opts(t));
    }

    static String label(JsonNode rs) {
        return rs.path("metadata").path("labels").path(HASH_LABEL).asText("");
    }
}
