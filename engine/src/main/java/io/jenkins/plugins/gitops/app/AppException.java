package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.GitopsException;

/**
 * An Application manifest is invalid, uses an option this engine does not support, or apps form a
 * cycle: always the caller's input, so always {@linkplain #badInput() bad input} (exit 2).
 */
public class AppException extends GitopsException {

    private static final long serialVersionUID = 1L;

    public AppException(String message) {
        super(message);
        asBadInput();
    }

    public AppException(String message, Throwable cause) {
        super(message, cause);
        asBadInput();
    }
}
