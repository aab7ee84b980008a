package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code status.conditions}, the shape shared by core kinds and almost every
 * controller (metav1.Condition). Read leniently: a missing field is the empty string, so rules
 * never have to null-check.
 */
record Condition(String type, String status, String reason, String message) {

    static List<Condition> of(KubeObject obj) {
        return parse(obj.at("/status/conditions"));
    }

    /** Parses a JSON array of conditions; anything else is an empty list. */
    static List<Condition> parse(JsonNode array) {
        List<Condition> out = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode c : array) {
                out.add(new Condition(c.path("type").asText(""), c.path("status").asText(""),
                        c.path("reason").asText(""), c.path("message").asText("")));
            }
        }
        return out;
    }

    /** The first condition of that type, as controllers keep one per type. */
    static Optional<Condition> find(KubeObject obj, String type) {
        return of(obj).stream().filter(c -> c.type.equals(type)).findFirst();
    }

    boolean isTrue() {
        return "True".equals(status);
    }

    boolean isFalse() {
        return "False".equals(status);
    }

    /** {@code Reason: message}, or whichever of the two is present. */
    String describe() {
        if (reason.isEmpty()) {
            return message;
        }
        return message.isEmpty() ? reason : reason + ": " + message;
    }
}
