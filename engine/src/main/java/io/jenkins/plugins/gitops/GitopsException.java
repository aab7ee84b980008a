package io.jenkins.plugins.gitops;

/**
 * The root of the engine's one exception hierarchy. Unchecked, so that the same failure is never
 * both checked and unchecked (the JGit mix we avoid). Messages start with what failed (a file and
 * line, an object {@code Kind/ns/name}, a repository URL without its credentials) and say what the
 * user can do; they never contain secrets.
 */
public class GitopsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GitopsException(String message) {
        super(message);
    }

    public GitopsException(String message, Throwable cause) {
        super(message, cause);
    }
}
