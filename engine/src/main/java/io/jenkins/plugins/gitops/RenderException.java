package io.jenkins.plugins.gitops;

/** Manifests could not be produced: invalid YAML, a failing tool, a duplicate object, a bad option. */
public class RenderException extends GitopsException {

    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
        super(message);
    }

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
