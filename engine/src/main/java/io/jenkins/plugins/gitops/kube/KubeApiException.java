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

    /**
     * A change to a field the API server refuses to change in place: {@code field is immutable},
     * a PersistentVolumeClaim's {@code spec is immutable after creation}, a StatefulSet's
     * {@code Forbidden: updates to statefulset spec for fields other than ...}, a binding's
     * {@code cannot change roleRef}, a Service's {@code may not change once set}.
     */
    public boolean immutableField() {
        String m = getMessage();
        return code == 422 && (m.contains("immutable") || m.contains("Forbidden: updates to") || m.contains("cannot change roleRef")
                || m.contains("may not change once set"));
    }
}
