package io.jenkins.plugins.gitops.kube;

import io.jenkins.plugins.gitops.GitopsException;

/**
 * A refusal or failure of the Kubernetes API, with the HTTP code and the {@code reason} of the
 * server's Status (0 and "" for transport failures). The message starts with what was asked
 * for, usually an object ({@code Deployment.apps/ns/name: ...}), and carries the server's words.
 */
public class KubeApiException extends GitopsException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;

    public KubeApiException(String message, int code, String reason) {
        super(message);
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    public KubeApiException(String message, int code, String reason, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public boolean notFound() {
        return code == 404;
    }

    /** A server-side apply field conflict with another manager (not a transient 409: retrying does not help, force does). */
    public boolean applyConflict() {
        return code == 409 && (getMessage().contains("Apply failed") || getMessage().contains("conflict with"));
    }

    /** A change to a field the API server refuses to change in place ({@code field is immutable}). */
    public boolean immutableField() {
        return code == 422 && getMessage().contains("immutable");
    }
}
