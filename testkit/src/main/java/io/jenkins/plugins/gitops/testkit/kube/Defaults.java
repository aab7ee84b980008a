package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The server-side defaults of the built-in kinds a GitOps diff trips over most: a live object
 * carries them, a manifest from Git does not. Applied on every write, like kube-apiserver's
 * defaulting, and never owned by a field manager.
 */
final class Defaults {

    private Defaults() {
    }

    static void apply(ResourceType type, ObjectNode obj) {
        if (!type.builtin()) {
            return;
        }
        switch (type.group() + "/" + type.kind()) {
            case "apps/Deployment" -> deployment(obj);
            case "apps/StatefulSet" -> {
                ObjectNode spec = Json.obj(obj, "spec");
                putIfAbsent(spec, "replicas", 1);
                spec.putIfAbsent("podManagementPolicy", spec.textNode("OrderedReady"));
                putIfAbsent(spec, "revisionHistoryLimit", 10);
                ObjectNode strategy = Json.obj(spec, "updateStrategy");
                strategy.putIfAbsent("type", strategy.textNode("RollingUpdate"));
                podTemplate(spec);
            }
            case "apps/DaemonSet" -> {
                ObjectNode spec = Json.obj(obj, "spec");
                putIfAbsent(spec, "revisionHistoryLimit", 10);
                ObjectNode strategy = Json.obj(spec, "updateStrategy");
                strategy.putIfAbsent("type", strategy.textNode("RollingUpdate"));
                podTemplate(spec);
            }
            case "apps/ReplicaSet" -> {
                ObjectNode spec = Json.obj(obj, "spec");
                putIfAbsent(spec, "replicas", 1);
                podTemplate(spec);
            }
            case "batch/Job" -> {
                ObjectNode spec = Json.obj(obj, "spec");
                putIfAbsent(spec, "backoffLimit", 6);
                putIfAbsent(spec, "completions", 1);
                putIfAbsent(spec, "parallelism", 1);
                podTemplate(spec);
            }
            case "/Pod" -> podSpec(Json.obj(obj, "spec"));
            case "/Service" -> service(Json.obj(obj, "spec"));
            default -> {
            }
        }
    }

    private static void deployment(ObjectNode obj) {
        ObjectNode spec = Json.obj(obj, "spec");
        putIfAbsent(spec, "replicas", 1);
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        ObjectNode strategy = Json.obj(spec, "strategy");
        if (!strategy.has("type")) {
            strategy.put("type", "RollingUpdate");
        }
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            ObjectNode ru = Json.obj(strategy, "rollingUpdate");
            ru.putIfAbsent("maxSurge", ru.textNode("25%"));
            ru.putIfAbsent("maxUnavailable", ru.textNode("25%"));
        }
        podTemplate(spec);
    }

    private static void podTemplate(ObjectNode spec) {
        JsonNode template = spec.get("template");
        if (template instanceof ObjectNode t) {
            Json.obj(t, "metadata");
            podSpec(Json.obj(t, "spec"));
        }
    }

    private static void podSpec(ObjectNode spec) {
        spec.putIfAbsent("restartPolicy", spec.textNode("Always"));
        spec.putIfAbsent("dnsPolicy", spec.textNode("ClusterFirst"));
        spec.putIfAbsent("schedulerName", spec.textNode("default-scheduler"));
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
        spec.putIfAbsent("securityContext", spec.objectNode());
        if (spec.has("serviceAccountName")) {
            spec.putIfAbsent("serviceAccount", spec.get("serviceAccountName"));
        }
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    container(container);
                }
            }
        }
    }

    private static void container(ObjectNode c) {
        c.putIfAbsent("terminationMessagePath", c.textNode("/dev/termination-log"));
        c.putIfAbsent("terminationMessagePolicy", c.textNode("File"));
        c.putIfAbsent("resources", c.objectNode());
        if (!c.has("imagePullPolicy")) {
            String image = c.path("image").asText("");
            String last = image.substring(image.lastIndexOf('/') + 1);
            boolean latest = !last.contains(":") && !image.contains("@") || last.endsWith(":latest");
            c.put("imagePullPolicy", latest ? "Always" : "IfNotPresent");
        }
        for (JsonNode p : c.path("ports")) {
            if (p instanceof ObjectNode port) {
                port.putIfAbsent("protocol", port.textNode("TCP"));
            }
        }
    }

    private static void service(ObjectNode spec) {
        spec.putIfAbsent("type", spec.textNode("ClusterIP"));
        spec.putIfAbsent("sessionAffinity", spec.textNode("None"));
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                port.putIfAbsent("protocol", port.textNode("TCP"));
                if (!port.has("targetPort") && port.has("port")) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
    }

    private static void putIfAbsent(ObjectNode n, String field, int value) {
        if (!n.has(field)) {
            n.put(field, value);
        }
    }
}
