package io.jenkins.plugins.gitops.health.cause;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;

/** What is wrong with one Pod: image pulls, crash loops, scheduling, failed containers. */
final class PodCauses {

    /** Lines of a previous log to quote at most. */
    static final int LOG_LINES = 10;

    private PodCauses() {
    }

    static List<String> of(KubeObject pod, PreviousLogs logs) {
        List<String> out = new ArrayList<>();
        String name = "Pod " + pod.namespace() + "/" + pod.name();
        for (JsonNode c : pod.at("/status/conditions")) {
            if ("PodScheduled".equals(c.path("type").asText()) && "False".equals(c.path("status").asText())) {
                out.add(name + " cannot be scheduled (" + c.path("reason").asText("Unschedulable") + "): " + c.path("message").asText(""));
            }
        }
        List<JsonNode> containers = new ArrayList<>();
        pod.at("/status/initContainerStatuses").forEach(containers::add);
        pod.at("/status/containerStatuses").forEach(containers::add);
        for (JsonNode c : containers) {
            String container = c.path("name").asText();
            JsonNode waiting = c.path("state").path("waiting");
            String reason = waiting.path("reason").asText("");
            JsonNode last = c.path("lastState").path("terminated");
            if (reason.equals("ImagePullBackOff") || reason.equals("ErrImagePull") || reason.equals("InvalidImageName")) {
                out.add(name + ": container " + container + " cannot pull image \"" + image(pod, c) + "\" (" + reason + ")"
                        + suffix(waiting.path("message").asText("")));
            } else if (reason.equals("CrashLoopBackOff")) {
                StringBuilder b = new StringBuilder(name).append(": container ").append(container).append(" is crash-looping (CrashLoopBackOff");
                if (last.isObject()) {
                    b.append(", last exit code ").append(last.path("exitCode").asInt());
                    if (!last.path("reason").asText("").isEmpty()) {
                        b.append(" ").append(last.path("reason").asText());
                    }
                }
                b.append(", ").append(c.path("restartCount").asInt()).append(" restarts)");
                logs.tail(pod.namespace(), pod.name(), container).filter(s -> !s.isBlank())
                        .ifPresent(log -> b.append("; previous log:\n").append(tail(log)));
                out.add(b.toString());
            } else if (reason.startsWith("Err") || reason.endsWith("Error")) {
                out.add(name + ": container " + container + " is waiting: " + reason + suffix(waiting.path("message").asText("")));
            }
            JsonNode terminated = c.path("state").path("terminated");
            if (terminated.isObject() && terminated.path("exitCode").asInt(0) != 0) {
                out.add(name + ": container " + container + " exited with code " + terminated.path("exitCode").asInt()
                        + suffix(terminated.path("reason").asText("") + (terminated.path("message").asText("").isEmpty() ? "" : " " + terminated.path("message").asText())));
            }
        }
        if (out.isEmpty() && "Failed".equals(pod.at("/status/phase").asText())) {
            out.add(name + " failed" + suffix(pod.at("/status/reason").asText("") + " " + pod.at("/status/message").asText("")));
        }
        return out;
    }

    /** The image as the status reports it, else as the spec names it. */
    private static String image(KubeObject pod, JsonNode status) {
        String fromStatus = status.path("image").asText("");
        if (!fromStatus.isEmpty()) {
            return fromStatus;
        }
        for (String list : List.of("/spec/containers", "/spec/initContainers")) {
            for (JsonNode c : pod.at(list)) {
                if (c.path("name").asText().equals(status.path("name").asText())) {
                    return c.path("image").asText();
                }
            }
        }
        return "?";
    }

    private static String suffix(String text) {
        String t = text.strip();
        return t.isEmpty() ? "" : ": " + t;
    }

    private static String tail(String log) {
        String[] lines = log.strip().split("\n");
        int from = Math.max(0, lines.length - LOG_LINES);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
