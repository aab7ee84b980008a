package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A refusal the emulated server answers with a {@code Status} object, as kube-apiserver does. */
public class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final transient ObjectNode details;

    public ApiException(int code, String reason, String message) {
        this(code, reason, message, null);
    }

    public ApiException(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason == null ? "" : reason;
        this.details = details;
    }

    public static ApiException notFound(ResourceType type, String name) {
        ObjectNode d = JsonNodeFactory.instance.objectNode().put("name", name).put("kind", type.plural());
        if (!type.group().isEmpty()) {
            d.put("group", type.group());
        }
        String what = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
        return new ApiException(404, "NotFound", what + " \"" + name + "\" not found", d);
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        String what = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
        return new ApiException(409, "AlreadyExists", what + " \"" + name + "\" already exists");
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }

    public static ApiException invalid(ResourceType type, String name, String message) {
        return new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + message);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The {@code Status} body of this refusal. */
    public ObjectNode status() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", getMessage());
        if (!reason.isEmpty()) {
            s.put("reason", reason);
        }
        s.put("code", code);
        if (details != null) {
            s.set("details", details);
        }
        return s;
    }
}
