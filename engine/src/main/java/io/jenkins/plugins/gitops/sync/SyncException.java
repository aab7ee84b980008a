package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.GitopsException;

/** A sync that cannot start or cannot go on; the message names the object(s) first. */
public class SyncException extends GitopsException {

    private static final long serialVersionUID = 1L;

    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
