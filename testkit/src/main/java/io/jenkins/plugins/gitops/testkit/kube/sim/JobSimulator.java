package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.util.List;

/**
 * The Job controller and its Pods: a Job runs one Pod to completion (Complete) or, when
 * {@link Failures#job} says so or its image fails, to BackoffLimitExceeded (Failed).
 * A suspended Job stays Suspended. What a sync hook waits for.
 */
public final class JobSimulator extends Simulator {

    public JobSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "job-controller";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "batch", "Job") && !e.type().equals("DELETED") && !e.object().path("status").has("completionTime")
                && !hasFinished(e.object())) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> run(ns, name));
        }
    }

    private static boolean hasFinished(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            String t = c.path("type").asText();
            if ((t.equals("Complete") || t.equals("Failed")) && c.path("status").asText().equals("True")) {
                return true;
            }
        }
        return false;
    }

    private void run(String namespace, String name) {
        ResourceType jobs = type("batch/v1", "Job");
        ResourceType podType = type("v1", "Pod");
        ObjectNode job = api().find(jobs, namespace, name);
        if (job == null || hasFinished(job) || job.path("metadata").path("deletionTimestamp").isTextual()) {
            return;
        }
        String now = api().now();
        if (job.path("spec").path("suspend").asBoolean(false)) {
            ObjectNode status = JSON.objectNode();
            status.set("conditions", array(condition("Suspended", "True", "JobSuspended", "Job suspended", now)));
            writeStatus(jobs, namespace, name, status);
            return;
        }
        boolean fails = failures.jobFails(name);
        for (JsonNode c : job.path("spec").path("template").path("spec").path("containers")) {
            fails |= failures.forImage(c.path("image").asText()).isPresent();
        }
        List<ObjectNode> pods = owned(podType, job);
        if (pods.isEmpty()) {
            ObjectNode pod = Pods.fromTemplate(job, job.path("spec").path("template"), name + "-" + Pods.suffix());
            pod.withObjectProperty("metadata").withObjectProperty("labels").put("job-name", name).put("batch.kubernetes.io/job-name", name);
            ObjectNode created = api().create(podType, namespace, pod, opts(podType));
            ObjectNode podStatus = JSON.objectNode().put("phase", fails ? "Failed" : "Succeeded").put("startTime", now);
            ObjectNode cs = podStatus.putArray("containerStatuses").addObject()
                    .put("name", created.path("spec").path("containers").path(0).path("name").asText())
                    .put("image", created.path("spec").path("containers").path(0).path("image").asText()).put("ready", false).put("restartCount", 0);
            cs.putObject("state").putObject("terminated").put("exitCode", fails ? 1 : 0).put("reason", fails ? "Error" : "Completed")
                    .put("startedAt", now).put("finishedAt", now);
            writeStatus(podType, namespace, name(created), podStatus);
        }
        ObjectNode status = JSON.objectNode().put("startTime", now);
        if (fails) {
            int limit = job.path("spec").path("backoffLimit").asInt(6);
            status.put("failed", limit + 1).put("active", 0);
            status.set("conditions", array(
                    condition("FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now),
                    condition("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now)));
        } else {
            status.put("succeeded", job.path("spec").path("completions").asInt(1)).put("active", 0).put("completionTime", now);
            status.set("conditions", array(
                    condition("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", now),
                    condition("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", now)));
        }
        writeStatus(jobs, namespace, name, status);
    }
}
