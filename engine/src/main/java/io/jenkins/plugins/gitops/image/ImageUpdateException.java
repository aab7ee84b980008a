package io.jenkins.plugins.gitops.image;

import io.jenkins.plugins.gitops.GitopsException;

/**
 * The one exception of the image update engine: a bad reference, policy, registry answer, file or
 * push. Messages start with the thing at fault (image, file and line, registry, repository) and
 * never contain secrets. Part of the engine's one hierarchy ({@link GitopsException}), so that
 * callers handle it once at the edge (step, CLI).
 */
public class ImageUpdateException extends GitopsException {

    private static final long serialVersionUID = 1L;

    public ImageUpdateException(String message) {
        super(message);
    }

    public ImageUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
