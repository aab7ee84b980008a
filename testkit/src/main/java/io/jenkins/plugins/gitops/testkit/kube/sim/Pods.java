package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ThreadLocalRandom;

/** Pods made from templates, and what their status says. */
final class Pods {

    private Pods() {
    }

    static ObjectNode fromTemplate(JsonNode owner, JsonNode template, String name) {
        ObjectNode pod = Simulator.JSON.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode md = pod.putObject("metadata").put("name", name).put("namespace", Simulator.ns(owner));
        if (template.path("metadata").has("labels")) {
            md.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        if (template.path("metadata").has("annotations")) {
            md.set("annotations", template.path("metadata").path("annotations").deepCopy());
        }
        md.putArray("ownerReferences").add(Simulator.ownerReference(owner));
        pod.set("spec", template.path("spec").deepCopy());
        ((ObjectNode) pod.get("spec")).put("nodeName", KubeletSimulator.NODE);
        return pod;
    }

    static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }
}
