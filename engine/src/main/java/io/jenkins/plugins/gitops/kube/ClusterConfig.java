package io.jenkins.plugins.gitops.kube;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * How to reach a cluster, and nothing else: the fabric8 {@link Config} of a kubeconfig and
 * context, of a client certificate with its server and CA, or of a pod's service account. A
 * {@link Cluster} is then built over it ({@link Cluster#of(Config)}). Failures are
 * {@link KubeApiException}s whose messages name what could not be used, never a token or key.
 */
public final class ClusterConfig {

    /** Where a pod's service account is mounted. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private ClusterConfig() {
    }

    /** The configuration of a kubeconfig's text and {@code context} (null or "" for the current one). */
    @SuppressWarnings("removal") // fabric8 has no replacement taking the text (its successor reads files)
    public static Config kubeconfig(String kubeconfigText, String context) {
        try {
            return Config.fromKubeconfig(context == null || context.isEmpty() ? null : context, kubeconfigText, null);
        } catch (RuntimeException e) {
            throw new KubeApiException("kubeconfig: cannot use context " + (context == null || context.isEmpty() ? "(current)" : context)
                    + ": " + e.getMessage(), 0, "", e);
        }
    }

    /** The configuration of a kubeconfig file. */
    public static Config kubeconfig(Path file, String context) {
        try {
            return kubeconfig(Files.readString(file), context);
        } catch (IOException e) {
            throw new KubeApiException(file + ": cannot read the kubeconfig: " + e.getMessage(), 0, "", e);
        }
    }

    /**
     * The API server at {@code server}, trusted through {@code caPem} (null or "" for the JVM's CAs),
     * authenticated with a client certificate and key (PEM). Namespace null or "" for "default".
     */
    public static Config certificate(String server, String caPem, ClientCertificate certificate, String namespace) {
        if (server == null || !server.startsWith("https://")) {
            throw new KubeApiException("client certificate: the API server URL must start with https:// (got '" + server + "')", 0, "", null);
        }
        Config c = Config.empty();
        c.setMasterUrl(server);
        if (caPem != null && !caPem.isBlank()) {
            c.setCaCertData(base64(caPem));
        }
        c.setClientCertData(base64(certificate.certificatePem()));
        c.setClientKeyData(base64(certificate.keyPem()));
        c.setClientKeyAlgo(certificate.keyAlgorithm());
        if (namespace != null && !namespace.isBlank()) {
            c.setNamespace(namespace);
        }
        return c;
    }

    /**
     * What a pod knows about its cluster: {@code KUBERNETES_SERVICE_HOST} and {@code _PORT}, and the
     * service account folder ({@code token}, {@code ca.crt}, {@code namespace}). Built here rather
     * than by fabric8's auto-configuration, which would also read ~/.kube/config and system
     * properties: in-cluster must mean the pod's service account and nothing else.
     */
    public static Config inCluster(Path serviceAccount, Map<String, String> env) {
        String host = env.getOrDefault("KUBERNETES_SERVICE_HOST", "").strip();
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "").strip();
        Path token = serviceAccount.resolve("token");
        if (host.isEmpty()) {
            throw new KubeApiException("in-cluster: not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)", 0, "", null);
        }
        if (!Files.isReadable(token)) {
            throw new KubeApiException("in-cluster: no service account token at " + token
                    + " (is automountServiceAccountToken false for this pod?)", 0, "", null);
        }
        Config c = Config.empty();
        c.setMasterUrl("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + (port.isEmpty() ? "443" : port));
        Path ca = serviceAccount.resolve("ca.crt");
        if (Files.isReadable(ca)) {
            c.setCaCertFile(ca.toString());
        }
        // bound service account tokens expire and the kubelet rewrites the file: read it for each request
        c.setOauthTokenProvider(() -> readToken(token));
        Path ns = serviceAccount.resolve("namespace");
        if (Files.isReadable(ns)) {
            c.setNamespace(readToken(ns));
        }
        return c;
    }

    private static String readToken(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new KubeApiException("in-cluster: cannot read " + file + ": " + e.getMessage(), 0, "", e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
