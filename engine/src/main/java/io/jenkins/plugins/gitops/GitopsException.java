package io.jenkins.plugins.gitops;

/**
 * The root of the engine's one exception hierarchy. Unchecked, so that the same failure is never
 * both checked and unchecked (the JGit mix we avoid). Messages start with what failed (a file and
 * line, an object {@code Kind/ns/name}, a repository URL without its credentials) and say what the
 * user can do; they never contain secrets.
 */
public class GitopsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private boolean badInput;

    public GitopsException(String message) {
        super(message);
    }

    public GitopsException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Marks this failure as the caller's input (an option value, a file that yields nothing, a name
     * that breaks a pattern) rather than an operation that failed: the CLI exits 2 for it, not 1.
     */
    public GitopsException asBadInput() {
        badInput = true;
        return this;
    }

    /** True when what the caller gave cannot be used; false when the operation was tried and failed. */
    public boolean badInput() {
        return badInput;
    }
}
