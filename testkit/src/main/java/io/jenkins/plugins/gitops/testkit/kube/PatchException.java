package io.jenkins.plugins.gitops.testkit.kube;

/**
 * A patch that cannot be applied. The message names the operation and path, because the HTTP
 * layer passes it to the client (as a 422 or 400), and a test failure should point at the culprit.
 */
public class PatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PatchException(String message) {
        super(message);
    }

    public PatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
