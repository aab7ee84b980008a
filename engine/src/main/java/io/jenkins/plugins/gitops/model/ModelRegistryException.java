package io.jenkins.plugins.gitops.model;

import io.jenkins.plugins.gitops.GitopsException;

/** The Model Registry refused, failed, or has no such model. {@link #status()} is the HTTP status, or 0. */
public class ModelRegistryException extends GitopsException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ModelRegistryException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ModelRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
