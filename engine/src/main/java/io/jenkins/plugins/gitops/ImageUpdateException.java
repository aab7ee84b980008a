package io.jenkins.plugins.gitops;

/**
 * The one exception of the image update engine: a bad reference, policy, registry answer, file or
 * push. Messages start with the thing at fault (image, file and line, registry, repository) and
 * never contain secrets. Part of the engine's one hierarchy ({@link GitopsException}), so that
 * callers handle it once at the edge (step, CLI).
 *
 * <p>It lives here, beside {@link GitopsException}, rather than in {@code image}, because the
 * packages under it ({@code registry}, {@code image.policy}, {@code image.edit},
 * {@code image.writeback}) all throw it and {@code image} uses them all: in {@code image} it would
 * make each of them depend on its user (a package cycle).
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
