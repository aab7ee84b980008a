package io.jenkins.plugins.gitops.plugin.credentials;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.util.Secret;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves credential IDs on the controller, records their use ({@link CredentialsProvider#track}),
 * and converts them into the short-lived values sent to the agent. Errors name the ID and the
 * accepted types, never a secret.
 */
public final class CredentialLookup {

    static final String GIT_TYPES = "Username with password, Secret text (token) or SSH Username with private key";
    static final String REGISTRY_TYPES = "Username with password or Secret text (token)";

    private CredentialLookup() {
    }

    /** Git credentials for a build; {@link GitAuth#none()} when {@code id} is empty. */
    public static GitAuth git(@CheckForNull String id, Run<?, ?> run) throws AbortException {
        if (Util.fixEmptyAndTrim(id) == null) {
            return GitAuth.none();
        }
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        c = CredentialsProvider.track(run, c);
        return git(id, c);
    }

    public static GitAuth git(String id, @CheckForNull StandardCredentials c) throws AbortException {
        if (c instanceof StandardUsernamePasswordCredentials up) {
            return GitAuth.password(up.getUsername(), Secret.toString(up.getPassword()));
        }
        if (c instanceof StringCredentials token) {
            return GitAuth.token(Secret.toString(token.getSecret()));
        }
        if (c instanceof SSHUserPrivateKey key) {
            List<String> keys = key.getPrivateKeys();
            if (keys.isEmpty()) {
                throw new AbortException("Git credentials '" + id + "' hold no private key");
            }
            return GitAuth.sshKey(key.getUsername(), keys.get(0), Secret.toString(key.getPassphrase()));
        }
        throw missing("Git", id, c, GIT_TYPES);
    }

    /** Registry credentials for a build; null when {@code id} is empty (anonymous). */
    public static @CheckForNull RegistryAuth registry(@CheckForNull String id, Run<?, ?> run) throws AbortException {
        if (Util.fixEmptyAndTrim(id) == null) {
            return null;
        }
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        c = CredentialsProvider.track(run, c);
        return registry(id, c);
    }

    /**
     * Registry credentials outside a build (a trigger polling for its job), looked up with the
     * authentication builds of the job run as, so a trigger sees no more than its builds would.
     */
    public static @CheckForNull RegistryAuth registry(@CheckForNull String id, Item job) throws AbortException {
        if (Util.fixEmptyAndTrim(id) == null) {
            return null;
        }
        return registry(id, inItem(id, job));
    }

    /**
     * A credential outside a build (a trigger polling for its job), looked up with the
     * authentication the job's builds run as, so a trigger sees no more than its builds would;
     * its use is recorded against the job.
     */
    public static @CheckForNull StandardCredentials inItem(String id, Item job) {
        StandardCredentials c = CredentialsProvider.findCredentialByIdInItem(id, StandardCredentials.class, job,
                job instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : null, List.of());
        return CredentialsProvider.track(job, c);
    }

    public static RegistryAuth registry(String id, @CheckForNull StandardCredentials c) throws AbortException {
        if (c instanceof StandardUsernamePasswordCredentials up) {
            return new RegistryAuth(up.getUsername(), Secret.toString(up.getPassword()));
        }
        if (c instanceof StringCredentials token) {
            return RegistryAuth.token(Secret.toString(token.getSecret()));
        }
        throw missing("Registry", id, c, REGISTRY_TYPES);
    }

    public static AbortException missing(String what, String id, @CheckForNull StandardCredentials c, String types) {
        return new AbortException(c == null
                ? what + " credentials '" + id + "' not found (or not visible to this build)"
                : what + " credentials '" + id + "' are of an unsupported type " + c.getClass().getSimpleName() + "; use " + types);
    }
}
