package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures.AnalysisOutcome;
import java.util.List;

/**
 * The analysis part of the Argo Rollouts controller: an AnalysisRun goes Running, takes one
 * measurement per metric every {@code interval} (simulated, 100 ms), and concludes as
 * {@link Failures#analysis} decides per metric name (Successful when nothing says otherwise),
 * with the status Argo Rollouts writes: {@code phase}, {@code message} ("Metric "x" assessed Failed
 * due to failed (1) > failureLimit (0)"), {@code metricResults[]} with counts and measurements.
 * A metric left Running is measured again until the test changes its outcome. {@code
 * spec.terminate: true} ends a run Successful with "run terminated", as the real controller.
 * AnalysisRuns have no status subresource: the status is written with the object.
 */
public final class AnalysisRunSimulator extends Simulator {

    static final long MEASURE_MILLIS = 100;

    public AnalysisRunSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "argo-rollouts";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        // a new run is measured now; a running one by its own timer (below), or at once when terminated
        boolean start = e.type().equals("ADDED") || e.object().path("spec").path("terminate").asBoolean(false);
        if (is(e, "argoproj.io", "AnalysisRun") && start && !concluded(e.object())) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> measure(ns, name));
        }
    }

    static boolean concluded(JsonNode run) {
        return List.of("Successful", "Failed", "Error", "Inconclusive").contains(run.path("status").path("phase").asText());
    }

    private void measure(String namespace, String name) {
        ResourceType t = type("argoproj.io/v1alpha1", "AnalysisRun");
        ObjectNode run = api().find(t, namespace, name);
        if (run == null || concluded(run)) {
            return;
        }
        String now = api().now();
        ObjectNode status = JSON.objectNode().put("phase", "Running");
        status.put("startedAt", run.path("status").path("startedAt").asText(now));
        ArrayNode results = status.putArray("metricResults");
        String runPhase = "Successful";
        String runMessage = "";
        if (run.path("spec").path("terminate").asBoolean(false)) {
            status.put("phase", "Successful").put("message", "run terminated");
            for (JsonNode m : run.path("spec").path("metrics")) {
                results.addObject().put("name", m.path("name").asText()).put("phase", "Successful").put("message", "metric terminated");
            }
            write(t, run, status);
            return;
        }
        for (JsonNode m : run.path("spec").path("metrics")) {
            String metric = m.path("name").asText();
            Failures.Analysis a = failures.analysisFor(metric);
            ObjectNode r = results.addObject().put("name", metric).put("phase", a.outcome().phase()).put("count", 1);
            ObjectNode measurement = r.putArray("measurements").addObject().put("phase", a.outcome().phase())
                    .put("startedAt", now).put("finishedAt", now);
            switch (a.outcome()) {
                case SUCCESSFUL -> r.put("successful", 1);
                case FAILED -> r.put("failed", 1);
                case INCONCLUSIVE -> r.put("inconclusive", 1);
                case ERROR -> r.put("error", 1).put("consecutiveError", 1).put("message", a.value());
                case RUNNING -> r.put("successful", 0);
            }
            if (a.outcome() == AnalysisOutcome.ERROR) {
                measurement.put("message", a.value());
            } else {
                measurement.put("value", a.value());
            }
            String phase = a.outcome().phase();
            if (worse(phase, runPhase)) {
                runPhase = phase;
                runMessage = switch (a.outcome()) {
                    case FAILED -> "Metric \"" + metric + "\" assessed Failed due to failed (1) > failureLimit (" + m.path("failureLimit").asText("0") + ")";
                    case ERROR -> "Metric \"" + metric + "\" assessed Error due to consecutiveErrors (1) > consecutiveErrorLimit ("
                            + m.path("consecutiveErrorLimit").asText("0") + ")";
                    case INCONCLUSIVE -> "Metric \"" + metric + "\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit ("
                            + m.path("inconclusiveLimit").asText("0") + ")";
                    default -> "";
                };
            }
        }
        status.put("phase", runPhase);
        if (!runMessage.isEmpty()) {
            status.put("message", runMessage);
        }
        if ("Running".equals(runPhase)) {
            // one write when it starts running, not one per measurement (their times would differ)
            if (!"Running".equals(run.path("status").path("phase").asText())) {
                write(t, run, status);
            }
            later(MEASURE_MILLIS, () -> measure(namespace, name));
        } else {
            write(t, run, status);
        }
    }

    /** Argo Rollouts' precedence when metrics disagree: Error, Failed, Inconclusive, Running, Successful. */
    private static boolean worse(String a, String b) {
        List<String> order = List.of("Successful", "Running", "Inconclusive", "Failed", "Error");
        return order.indexOf(a) > order.indexOf(b);
    }

    private void write(ResourceType t, ObjectNode run, ObjectNode status) {
        if (status.equals(run.get("status"))) {
            return;
        }
        run.set("status", status);
        api().update(t, ns(run), name(run), run, null, opts(t));
    }
}
