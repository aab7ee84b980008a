package io.jenkins.plugins.gitops.plugin;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.util.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Which cluster a step talks to, as the step stores it: credential IDs and plain settings, never a
 * secret. Safe to persist (a {@code gitopsWaitHealthy} execution keeps it across a restart).
 * {@link #resolve(Run, String)} turns it into a {@link ClusterAccess} for one call.
 *
 * @param credentialsId   a Secret file (kubeconfig) or Secret text (token) credential
 * @param context         kubeconfig context; "" for its current context
 * @param server          API server URL, for a token
 * @param caCredentialsId Secret text or Secret file holding the API server's CA (PEM), for a token; "" to trust the JVM's CAs
 */
public record ClusterSettings(String credentialsId, String context, String server, String caCredentialsId) implements Serializable {

    public ClusterSettings {
        credentialsId = Util.fixNull(credentialsId).strip();
        context = Util.fixNull(context).strip();
        server = Util.fixNull(server).strip();
        caCredentialsId = Util.fixNull(caCredentialsId).strip();
    }

    /** Resolves the credentials of a build (recording their use) into access for one call. */
    public ClusterAccess resolve(Run<?, ?> run, String namespace) throws IOException {
        required();
        StandardCredentials c = CredentialsProvider.track(run, CredentialsProvider.findCredentialById(credentialsId, StandardCredentials.class, run));
        String ca = "";
        if (!caCredentialsId.isEmpty()) {
            StandardCredentials cac = CredentialsProvider.track(run,
                    CredentialsProvider.findCredentialById(caCredentialsId, StandardCredentials.class, run));
            ca = pem(cac);
        }
        return ClusterCredentials.resolve(credentialsId, c, context, server, ca, namespace, false);
    }

    /** The same outside a build (a trigger), with the authentication the job's builds run as. */
    public ClusterAccess resolve(Item job, String namespace) throws IOException {
        required();
        StandardCredentials c = CredentialsProvider.track(job, inItem(credentialsId, job));
        String ca = caCredentialsId.isEmpty() ? "" : pem(CredentialsProvider.track(job, inItem(caCredentialsId, job)));
        return ClusterCredentials.resolve(credentialsId, c, context, server, ca, namespace, false);
    }

    private void required() throws AbortException {
        if (credentialsId.isEmpty()) {
            throw new AbortException("no cluster credentials: set clusterCredentialsId (" + ClusterCredentials.TYPES + ")");
        }
    }

    private static @CheckForNull StandardCredentials inItem(String id, Item job) {
        return CredentialsProvider.findCredentialByIdInItem(id, StandardCredentials.class, job,
                job instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : null, List.of());
    }

    private String pem(@CheckForNull StandardCredentials c) throws IOException {
        if (c instanceof StringCredentials s) {
            return Secret.toString(s.getSecret());
        }
        if (c instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw CredentialLookup.missing("CA", caCredentialsId, c, "Secret text or Secret file (PEM)");
    }
}
