package io.jenkins.plugins.gitops.plugin.cluster;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.plugin.credentials.ClusterCredentials;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialLookup;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Which cluster a step talks to, as the step stores it: a named cluster of the global configuration,
 * or credential IDs and plain settings; never a secret. Safe to persist (a {@code gitopsWaitHealthy}
 * execution keeps it across a restart). {@link #resolve(Run, String)} turns it into a
 * {@link ClusterAccess} for one call; a named cluster is looked up then, so an administrator's
 * change applies to the next call, and admits the job (or refuses it) before its credential is looked up.
 *
 * @param credentialsId   a Secret file (kubeconfig), Secret text (token) or Certificate credential
 * @param context         kubeconfig context; "" for its current context
 * @param server          API server URL, for a token or a certificate
 * @param caCredentialsId Secret text or Secret file holding the API server's CA (PEM); "" to trust the JVM's CAs
 * @param cluster         a named cluster ({@link GitopsGlobalConfiguration}); "" for the fields above
 * @param inCluster       the service account of the pod the work runs in, instead of a credential
 */
public record ClusterSettings(String credentialsId, String context, String server, String caCredentialsId, String cluster, boolean inCluster)
        implements Serializable {

    public ClusterSettings {
        credentialsId = Util.fixNull(credentialsId).strip();
        context = Util.fixNull(context).strip();
        server = Util.fixNull(server).strip();
        caCredentialsId = Util.fixNull(caCredentialsId).strip();
        cluster = Util.fixNull(cluster).strip();
    }

    public ClusterSettings(String credentialsId, String context, String server, String caCredentialsId) {
        this(credentialsId, context, server, caCredentialsId, "", false);
    }

    /** Looks a credential up and records its use. */
    private interface Lookup {
        @CheckForNull
        StandardCredentials find(String id) throws IOException;
    }

    /** Resolves the credentials of a build (recording their use) into access for one call. */
    public ClusterAccess resolve(Run<?, ?> run, String namespace) throws IOException {
        if (cluster.isEmpty()) {
            return connect(this, id -> CredentialsProvider.track(run, CredentialsProvider.findCredentialById(id, StandardCredentials.class, run)),
                    namespace, false, false);
        }
        NamedCluster named = named();
        named.admit(run.getParent(), run);
        return connectNamed(named, id -> CredentialsProvider.track(run, system(id)), namespace);
    }

    /**
     * Refuses a build a named cluster does not admit, before anything else the step does (a render, a
     * Git credential): {@link #resolve(Run, String)} checks again, this only fails sooner.
     */
    public void admit(Run<?, ?> run) throws AbortException {
        if (!cluster.isEmpty()) {
            named().admit(run.getParent(), run);
        }
    }

    /**
     * The same for work that runs on the controller (a rollback, a health wait, its rollback): only a
     * named cluster, so that the controller never connects to a server a job chose (a job's own
     * kubeconfig names its server too).
     */
    public ClusterAccess resolveOnController(Run<?, ?> run, String namespace, String step) throws IOException {
        if (cluster.isEmpty()) {
            throw onControllerOnly(step);
        }
        return resolve(run, namespace);
    }

    /**
     * Outside a build (a trigger, on the controller), for the job it polls for: only a named cluster,
     * as for {@link #resolveOnController}, admitted for that job.
     */
    public ClusterAccess resolve(Item job, String namespace, String step) throws IOException {
        if (cluster.isEmpty()) {
            throw onControllerOnly(step);
        }
        NamedCluster named = named();
        named.admit(job, null);
        return connectNamed(named, id -> CredentialsProvider.track(job, system(id)), namespace);
    }

    private static AbortException onControllerOnly(String step) {
        return new AbortException(step + " runs on the controller, which connects only to named clusters (Manage Jenkins > System > GitOps"
                + " clusters): set cluster instead of clusterCredentialsId, server and inCluster");
    }

    /**
     * A named cluster replaces every connection field: combining it with one is refused rather
     * than merged, because a step that kept a named cluster's credential but chose its own server
     * could send that credential anywhere. The step's namespace still overrides the cluster's.
     */
    private NamedCluster named() throws AbortException {
        if (!credentialsId.isEmpty() || !context.isEmpty() || !server.isEmpty() || !caCredentialsId.isEmpty() || inCluster) {
            throw new AbortException("cluster '" + cluster + "' is defined in the global configuration: leave clusterCredentialsId, context, "
                    + "server, caCredentialsId and inCluster out (namespace may still override its default namespace)");
        }
        return GitopsGlobalConfiguration.get().cluster(cluster);
    }

    /** Connects after {@link NamedCluster#admit} let the job in; the access carries the cluster's restrictions to the engine. */
    private static ClusterAccess connectNamed(NamedCluster named, Lookup lookup, String namespace) throws IOException {
        ClusterAccess access = connect(named.settings(), lookup, namespace, named.isAllowExecPlugins(), true).withRestrictions(named.restrictions());
        return Util.fixNull(namespace).isEmpty() && !named.getNamespace().isEmpty() ? access.withNamespace(named.getNamespace()) : access;
    }

    /**
     * A named cluster's credential belongs to the administrator: looked up in the root of Jenkins with
     * the system's authority, so it may be System-scoped (which no job can read or bind itself).
     */
    @CheckForNull
    private static StandardCredentials system(String id) {
        return CredentialsProvider.findCredentialByIdInItemGroup(id, StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
    }

    private static ClusterAccess connect(ClusterSettings s, Lookup lookup, String namespace, boolean allowExec, boolean named) throws IOException {
        if (s.inCluster) {
            if (!s.credentialsId.isEmpty() || !s.context.isEmpty() || !s.server.isEmpty() || !s.caCredentialsId.isEmpty()) {
                throw new AbortException("inCluster uses the service account of the pod: leave clusterCredentialsId, context, server and "
                        + "caCredentialsId out");
            }
            return ClusterAccess.inCluster(Util.fixNull(namespace), named);
        }
        if (s.credentialsId.isEmpty()) {
            throw new AbortException("no cluster: set cluster (" + GitopsGlobalConfiguration.get().namesText() + "), clusterCredentialsId ("
                    + ClusterCredentials.TYPES + ") or inCluster");
        }
        StandardCredentials c = lookup.find(s.credentialsId);
        String ca = s.caCredentialsId.isEmpty() ? "" : pem(s.caCredentialsId, lookup.find(s.caCredentialsId));
        return ClusterCredentials.resolve(s.credentialsId, c, s.context, s.server, ca, namespace, allowExec);
    }

    private static String pem(String id, @CheckForNull StandardCredentials c) throws IOException {
        if (c instanceof StringCredentials s) {
            return Secret.toString(s.getSecret());
        }
        if (c instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw CredentialLookup.missing("CA", id, c, "Secret text or Secret file (PEM)");
    }
}
