package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.GitopsException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The one mapping from a failure to an exit code, for every command: 0 done, 1 the operation was
 * tried and failed (a cluster, Git or registry refused or could not be reached, a sync failed), 2
 * bad input (an option value, a file that does not exist, an app name that breaks the pattern, a
 * render or a set that is empty). The engine says which of its failures are input
 * ({@link GitopsException#badInput()}).
 */
final class ExitCodes {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        if (e instanceof GitopsException g) {
            return g.badInput() ? BAD_INPUT : FAILED;
        }
        if (e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException || e instanceof NoSuchFileException) {
            return BAD_INPUT;
        }
        return FAILED;
    }

    /** Prints {@code gitops VERB: message} and returns the exit code for {@code e}. */
    static int report(PrintWriter err, String verb, Throwable e) {
        err.println("gitops " + verb + ": " + message(e));
        err.flush();
        return of(e);
    }

    private static String message(Throwable e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException k) {
            String status = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : "HTTP " + k.getCode();
            return k.getCode() <= 0 ? "cannot reach the API server" + (k.getCause() == null ? "" : ": " + k.getCause().getMessage())
                    : "the API server answered " + k.getCode() + ": " + status;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
