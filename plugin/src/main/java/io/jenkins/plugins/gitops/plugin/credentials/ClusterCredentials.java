package io.jenkins.plugins.gitops.plugin.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.kube.ClientCertificate;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns a cluster credential into {@link ClusterAccess}: a Secret file holding a kubeconfig (with
 * an optional context), a Secret text token or a Certificate (PKCS#12 client certificate) with the
 * API server URL and CA given beside it. Used by the cluster steps through {@link ClusterSettings}.
 */
public final class ClusterCredentials {

    public static final String TYPES = "Secret file (kubeconfig), Secret text (token, with a server URL) or Certificate (client certificate, with a server URL)";

    private ClusterCredentials() {
    }

    public static ClusterAccess resolve(String id, Run<?, ?> run, String context, String server, String caPem, String namespace,
            boolean allowExec) throws IOException {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        c = CredentialsProvider.track(run, c);
        return resolve(id, c, context, server, caPem, namespace, allowExec);
    }

    /** The same, for a credential already looked up (by a build or, for a trigger, by its job). */
    public static ClusterAccess resolve(String id, StandardCredentials c, String context, String server, String caPem, String namespace,
            boolean allowExec) throws IOException {
        try {
            if (c instanceof FileCredentials file) {
                try (InputStream in = file.getContent()) {
                    return ClusterAccess.fromKubeconfig(new String(in.readAllBytes(), StandardCharsets.UTF_8), context, allowExec);
                }
            }
            if (c instanceof StringCredentials token) {
                if (server == null || server.isBlank()) {
                    throw new AbortException("cluster credentials '" + id + "' are a token: give the API server URL too");
                }
                return ClusterAccess.fromToken(server, Secret.toString(token.getSecret()), caPem, namespace);
            }
            if (c instanceof StandardCertificateCredentials cert) {
                if (server == null || server.isBlank()) {
                    throw new AbortException("cluster credentials '" + id + "' are a client certificate: give the API server URL too");
                }
                // PKCS#12 to PEM here, on the controller: a KeyStore does not travel to the agent, the PEM texts do
                ClientCertificate pem = ClientCertificate.fromKeyStore(cert.getKeyStore(), Secret.toString(cert.getPassword()).toCharArray());
                return ClusterAccess.fromCertificate(server, pem, caPem, namespace);
            }
        } catch (IllegalArgumentException | KubeApiException e) {
            throw new AbortException("cluster credentials '" + id + "': " + e.getMessage());
        }
        throw CredentialLookup.missing("Cluster", id, c, TYPES);
    }
}
