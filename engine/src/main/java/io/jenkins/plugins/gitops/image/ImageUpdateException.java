package io.jenkins.plugins.gitops.image;

/**
 * The one exception of the image update engine: a bad reference, policy, registry answer, file or
 * push. Messages start with the thing at fault (image, file and line, registry, repository) and
 * never contain secrets. Unchecked, so that callers handle it once at the edge (step, CLI).
 *
 * <p>No project-wide {@code GitopsException} exists on this branch yet; when one does, this class
 * should extend it.
 */
public class ImageUpdateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ImageUpdateException(String message) {
        super(message);
    }

    public ImageUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
