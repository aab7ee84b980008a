package io.jenkins.plugins.gitops.registry;

import io.jenkins.plugins.gitops.ImageUpdateException;

/** A registry refused, failed or answered something we cannot use. {@link #status()} is the HTTP status, or 0. */
public class RegistryException extends ImageUpdateException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public RegistryException(String message, int status) {
        super(message);
        this.status = status;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
