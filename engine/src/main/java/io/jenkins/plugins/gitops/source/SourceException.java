package io.jenkins.plugins.gitops.source;

import io.jenkins.plugins.gitops.GitopsException;

/** A repository could not be fetched or checked out, or a path in it is not usable. */
public class SourceException extends GitopsException {

    private static final long serialVersionUID = 1L;

    /** Why, so that callers (the CLI's exit code, a Jenkins step's result) can tell failures apart. */
    public enum Reason {
        UNKNOWN_REVISION, AUTH_REFUSED, UNREACHABLE, PATH_NOT_FOUND, PATH_ESCAPES, INVALID, IO
    }

    private final Reason reason;

    public SourceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SourceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
