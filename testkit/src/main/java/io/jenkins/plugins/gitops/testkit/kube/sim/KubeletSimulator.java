package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.PodLogs;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays scheduler and kubelet for Pods: a new Pod becomes Running and Ready on node
 * {@code emulated-node}, or fails the way {@link Failures} says, with the status shapes and
 * Warning events a real kubelet produces. Pods of Jobs are left to {@link JobSimulator}.
 */
public final class KubeletSimulator extends Simulator {

    static final String NODE = "emulated-node";
    private final AtomicInteger ips = new AtomicInteger(2);

    public KubeletSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "kubelet";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "", "Pod") && e.type().equals("DELETED")) {
            api().podLogs().remove(ns(e.object()), name(e.object()));
        }
        if (!is(e, "", "Pod") || e.type().equals("DELETED") || e.object().path("metadata").path("deletionTimestamp").isTextual()) {
            return;
        }
        for (JsonNode ref : e.object().path("metadata").path("ownerReferences")) {
            if (ref.path("kind").asText().equals("Job")) {
                return;
            }
        }
        JsonNode status = e.object().path("status");
        if (!status.has("phase")) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> run(ns, name));
        }
    }

    private void run(String namespace, String name) {
        ResourceType pods = type("v1", "Pod");
        ObjectNode pod = api().find(pods, namespace, name);
        if (pod == null || pod.path("status").has("phase")) {
            return;
        }
        ObjectNode status = status(pod);
        writeLogs(pod, status);
        writeStatus(pods, namespace, name, status);
    }

    /**
     * Logs as the container runtime would have them: running containers their lines (or one
     * default line), crash-looping ones the same lines for the current and the previous run;
     * containers that never started have none.
     */
    void writeLogs(JsonNode pod, JsonNode status) {
        Instant now = Instant.now();
        for (JsonNode cs : status.path("containerStatuses")) {
            String container = cs.path("name").asText();
            String image = cs.path("image").asText();
            Optional<List<String>> configured = failures.logFor(image);
            if (cs.path("state").has("running")) {
                List<String> text = configured.orElse(List.of("started container " + container + " (" + image + ")"));
                api().podLogs().put(ns(pod), name(pod), container, false, lines(now, text));
            } else if (cs.path("lastState").has("terminated")) {
                List<String> text = configured.orElse(List.of("Error: container " + container + " exited with code "
                        + cs.path("lastState").path("terminated").path("exitCode").asInt()));
                api().podLogs().put(ns(pod), name(pod), container, false, lines(now, text));
                api().podLogs().put(ns(pod), name(pod), container, true, lines(now, text));
            }
        }
    }

    private static List<PodLogs.Line> lines(Instant at, List<String> text) {
        List<PodLogs.Line> out = new ArrayList<>();
        for (String t : text) {
            for (String line : t.split("\n", -1)) {
                out.add(new PodLogs.Line(at, line));
            }
        }
        return out;
    }

    /** The status a kubelet would report for this pod now. */
    ObjectNode status(JsonNode pod) {
        String now = api().now();
        ObjectNode status = JSON.objectNode();
        Optional<Failures.PodFailure> failure = Optional.empty();
        for (JsonNode c : pod.path("spec").path("containers")) {
            failure = failure.or(() -> failures.forImage(c.path("image").asText()));
        }
        if (failure.isPresent() && failure.get() == Failures.PodFailure.UNSCHEDULABLE) {
            String msg = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
            status.put("phase", "Pending").set("conditions", array(condition("PodScheduled", "False", "Unschedulable", msg, now)));
            status.put("qosClass", "Burstable");
            event(pod, "FailedScheduling", msg, "default-scheduler");
            return status;
        }
        status.put("hostIP", "10.0.0.1").put("podIP", "10.244.0." + ips.getAndIncrement()).put("startTime", now).put("qosClass", "BestEffort");
        boolean ready = failure.isEmpty();
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode c : pod.path("spec").path("containers")) {
            String image = c.path("image").asText();
            ObjectNode cs = containers.addObject().put("name", c.path("name").asText()).put("image", image);
            Optional<Failures.PodFailure> f = failures.forImage(image);
            if (f.isEmpty()) {
                cs.put("imageID", "docker-pullable://" + image).put("containerID", "containerd://" + Integer.toHexString(image.hashCode()))
                        .put("ready", true).put("started", true).put("restartCount", 0);
                cs.putObject("state").putObject("running").put("startedAt", now);
            } else if (f.get() == Failures.PodFailure.IMAGE_PULL_BACK_OFF) {
                String msg = "Back-off pulling image \"" + image + "\"";
                cs.put("imageID", "").put("ready", false).put("started", false).put("restartCount", 0);
                cs.putObject("state").putObject("waiting").put("reason", "ImagePullBackOff").put("message", msg);
                event(pod, "Failed", "Failed to pull image \"" + image + "\": rpc error: code = NotFound desc = failed to pull and unpack image \""
                        + image + "\": not found", "kubelet");
            } else {
                String msg = "back-off 40s restarting failed container=" + c.path("name").asText() + " pod=" + name(pod) + "_" + ns(pod);
                cs.put("imageID", "docker-pullable://" + image).put("ready", false).put("started", false).put("restartCount", 3);
                cs.putObject("state").putObject("waiting").put("reason", "CrashLoopBackOff").put("message", msg);
                cs.putObject("lastState").putObject("terminated").put("exitCode", 1).put("reason", "Error")
                        .put("startedAt", now).put("finishedAt", now);
                event(pod, "BackOff", "Back-off restarting failed container " + c.path("name").asText() + " in pod " + name(pod), "kubelet");
            }
        }
        status.put("phase", failure.isPresent() && failure.get() == Failures.PodFailure.IMAGE_PULL_BACK_OFF ? "Pending" : "Running");
        String notReady = ready ? null : "ContainersNotReady";
        String notReadyMsg = ready ? null : "containers with unready status: [" + containers.get(0).path("name").asText() + "]";
        status.set("conditions", array(
                condition("PodReadyToStartContainers", "True", null, null, now),
                condition("Initialized", "True", null, null, now),
                condition("Ready", ready ? "True" : "False", notReady, notReadyMsg, now),
                condition("ContainersReady", ready ? "True" : "False", notReady, notReadyMsg, now),
                condition("PodScheduled", "True", null, null, now)));
        return status;
    }

    /** A Warning event about a pod, as the kubelet or scheduler records it. */
    void event(JsonNode pod, String reason, String message, String component) {
        ResourceType events = type("v1", "Event");
        String now = api().now();
        ObjectNode ev = JSON.objectNode().put("apiVersion", "v1").put("kind", "Event");
        ev.putObject("metadata").put("name", name(pod) + "." + Long.toHexString(System.nanoTime())).put("namespace", ns(pod));
        ev.putObject("involvedObject").put("apiVersion", "v1").put("kind", "Pod").put("name", name(pod)).put("namespace", ns(pod))
                .put("uid", pod.path("metadata").path("uid").asText());
        ev.put("reason", reason).put("message", message).put("type", "Warning").put("count", 1)
                .put("firstTimestamp", now).put("lastTimestamp", now);
        ev.putObject("source").put("component", component).put("host", NODE);
        api().create(events, ns(pod), ev, opts(events));
    }
}
