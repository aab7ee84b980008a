package io.jenkins.plugins.gitops.plugin.cluster;

import hudson.remoting.Channel;
import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.gitops.kube.ClientCertificate;
import io.jenkins.plugins.gitops.kube.ClusterConfig;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Access to one cluster, in transit to the agent: a kubeconfig text and the context to use, a
 * client certificate with the server URL, or "the service account of the pod this runs in".
 * {@link #config()} turns it into the engine's fabric8 configuration where the work runs.
 * {@link #toString()} shows neither the kubeconfig nor its tokens or keys.
 */
public final class ClusterAccess implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_KUBECONFIG_BYTES = 1 << 20;

    private final String kubeconfig;
    private final String context;
    private final List<String> secrets;
    /** With a client certificate (then kubeconfig is ""): the API server and its CA (PEM, "" for the JVM's CAs). */
    private final ClientCertificate certificate;
    private final String server;
    private final String caPem;
    /** The pod's own service account; onController: whether the controller's may be used (only a named cluster allows it). */
    private final boolean inCluster;
    private final boolean onController;
    /** Overrides the default namespace of the kubeconfig context ("" keeps it): a named cluster's namespace. */
    private final String namespace;
    /** What a named cluster lets the job deploy; null for a job's own cluster settings (the job's own credential, unrestricted). */
    private final ClusterRestrictions restrictions;

    private ClusterAccess(String kubeconfig, String context, List<String> secrets) {
        this(kubeconfig, context, secrets, null, "", "", false, false, "");
    }

    private ClusterAccess(String kubeconfig, String context, List<String> secrets, ClientCertificate certificate, String server, String caPem,
            boolean inCluster, boolean onController, String namespace) {
        this(kubeconfig, context, secrets, certificate, server, caPem, inCluster, onController, namespace, null);
    }

    private ClusterAccess(String kubeconfig, String context, List<String> secrets, ClientCertificate certificate, String server, String caPem,
            boolean inCluster, boolean onController, String namespace, ClusterRestrictions restrictions) {
        this.restrictions = restrictions;
        this.kubeconfig = kubeconfig;
        this.context = context == null ? "" : context;
        this.secrets = List.copyOf(secrets);
        this.certificate = certificate;
        this.server = server;
        this.caPem = caPem == null ? "" : caPem;
        this.inCluster = inCluster;
        this.onController = onController;
        this.namespace = namespace == null ? "" : namespace;
    }

    /** A client certificate (from a PKCS#12 certificate credential) for the API server at {@code server}. */
    public static ClusterAccess fromCertificate(String server, ClientCertificate certificate, String caPem, String namespace) {
        if (server == null || !server.startsWith("https://")) {
            throw new IllegalArgumentException("cluster server URL '" + server + "': a client certificate needs https://host[:port]");
        }
        return new ClusterAccess("", "", List.of(certificate.keyPem()), certificate, server, caPem, false, false, namespace);
    }

    /**
     * The service account of the pod the work runs in: an agent's pod for gitopsSync and gitopsDiff,
     * the controller's for the steps that run there. Anyone who can run a build on an agent can
     * already read its pod's token; the controller's is another matter, so only a named cluster
     * (defined by an administrator) may use it: {@code onController}.
     */
    public static ClusterAccess inCluster(String namespace, boolean onController) {
        return new ClusterAccess("", "", List.of(), null, "", "", true, onController, namespace);
    }

    /** The same access with a default namespace for objects that name none ("" keeps the current one). */
    public ClusterAccess withNamespace(String ns) {
        return new ClusterAccess(kubeconfig, context, secrets, certificate, server, caPem, inCluster, onController, ns, restrictions);
    }

    /** The same access, bound by a named cluster's restrictions. */
    ClusterAccess withRestrictions(ClusterRestrictions r) {
        return new ClusterAccess(kubeconfig, context, secrets, certificate, server, caPem, inCluster, onController, namespace, r);
    }

    /** A named cluster's restrictions, or null for a job's own cluster settings. */
    public ClusterRestrictions restrictions() {
        return restrictions;
    }

    /** The engine's policy for a sync through this access; null when unrestricted. */
    public io.jenkins.plugins.gitops.policy.Policy policy() {
        return restrictions == null ? null : restrictions.policy();
    }

    /**
     * The engine's configuration, built where the work runs (on the agent, the in-cluster case reads
     * that pod's service account). Failures are {@link IllegalArgumentException}s without secrets.
     */
    public Config config() {
        Config c;
        try {
            if (inCluster) {
                // a controller thread has no remoting channel of its own; an agent's request thread does
                if (!onController && Channel.current() == null) {
                    throw new IllegalArgumentException("inCluster: this step runs on the controller, whose service account only a named "
                            + "cluster (Manage Jenkins > System > GitOps clusters) may use");
                }
                c = ClusterConfig.inCluster(ClusterConfig.SERVICE_ACCOUNT, System.getenv());
            } else if (certificate != null) {
                c = ClusterConfig.certificate(server, caPem, certificate, "");
            } else {
                c = ClusterConfig.kubeconfig(kubeconfig, context);
            }
        } catch (KubeApiException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (!namespace.isEmpty()) {
            c.setNamespace(namespace);
        }
        return c;
    }

    /**
     * A kubeconfig from a Secret file credential. The context must exist when given. Users with an
     * {@code exec} or {@code auth-provider} section run programs on the agent: refused unless
     * {@code allowExec}.
     */
    public static ClusterAccess fromKubeconfig(String text, String context, boolean allowExec) {
        if (text.length() > MAX_KUBECONFIG_BYTES) {
            throw new IllegalArgumentException("kubeconfig: larger than 1 MiB");
        }
        Map<?, ?> root = parse(text);
        List<String> contexts = names(root.get("contexts"));
        if (context != null && !context.isEmpty() && !contexts.contains(context)) {
            throw new IllegalArgumentException("kubeconfig: no context '" + context + "' (it has: " + String.join(", ", contexts) + ")");
        }
        List<String> secrets = new ArrayList<>();
        for (Object u : list(root.get("users"))) {
            Map<?, ?> user = u instanceof Map<?, ?> m && m.get("user") instanceof Map<?, ?> um ? um : Map.of();
            if (!allowExec && (user.containsKey("exec") || user.containsKey("auth-provider"))) {
                throw new IllegalArgumentException("kubeconfig: user '" + (u instanceof Map<?, ?> m ? m.get("name") : "?")
                        + "' runs an exec or auth-provider plugin; only a named cluster with allowExecPlugins (Manage Jenkins > System) may use it");
            }
            for (String key : List.of("token", "password", "client-key-data")) {
                if (user.get(key) instanceof String s) {
                    secrets.add(s);
                }
            }
        }
        return new ClusterAccess(text, context, secrets);
    }

    /** A kubeconfig for a bearer token (a service account's), an API server URL and an optional CA (PEM). */
    public static ClusterAccess fromToken(String server, String token, String caPem, String namespace) {
        if (server == null || !server.startsWith("https://") && !server.startsWith("http://")) {
            throw new IllegalArgumentException("cluster server URL '" + server + "': expected https://host[:port]");
        }
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", server);
        if (caPem != null && !caPem.isBlank()) {
            cluster.put("certificate-authority-data",
                    java.util.Base64.getEncoder().encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("cluster", "cluster");
        ctx.put("user", "user");
        if (namespace != null && !namespace.isBlank()) {
            ctx.put("namespace", namespace);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "v1");
        root.put("kind", "Config");
        root.put("clusters", List.of(Map.of("name", "cluster", "cluster", cluster)));
        root.put("users", List.of(Map.of("name", "user", "user", Map.of("token", token))));
        root.put("contexts", List.of(Map.of("name", "jenkins", "context", ctx)));
        root.put("current-context", "jenkins");
        return new ClusterAccess(new Yaml().dump(root), "jenkins", List.of(token));
    }

    public String kubeconfig() {
        return kubeconfig;
    }

    /**
     * A digest of everything that decides who this access connects as and where (kubeconfig,
     * context, certificate and key, server, CA, service account, default namespace): equal for two
     * accesses only when a connection made for one may serve the other. Never shown; it names no
     * secret and cannot be turned back into one.
     */
    String identity() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String part : List.of(kubeconfig, context, certificate == null ? "" : certificate.certificatePem(),
                    certificate == null ? "" : certificate.keyPem(), server == null ? "" : server, caPem, String.valueOf(inCluster),
                    String.valueOf(onController), namespace)) {
                byte[] bytes = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The context to use; "" for the kubeconfig's current context. */
    public String context() {
        return context;
    }

    public List<String> secrets() {
        return secrets;
    }

    private static Map<?, ?> parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(MAX_KUBECONFIG_BYTES);
        try {
            Object root = new Yaml(new SafeConstructor(options)).load(text);
            if (root instanceof Map<?, ?> m) {
                return m;
            }
        } catch (YAMLException e) {
            // fall through: the message could quote a token
        }
        throw new IllegalArgumentException("kubeconfig: not a YAML kubeconfig document");
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static List<String> names(Object o) {
        List<String> out = new ArrayList<>();
        for (Object e : list(o)) {
            if (e instanceof Map<?, ?> m && m.get("name") instanceof String n) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        String how = inCluster ? "in-cluster" : certificate != null ? "certificate for " + server : "context=" + (context.isEmpty() ? "(current)" : context);
        return "ClusterAccess[" + how + (namespace.isEmpty() ? "" : ", namespace=" + namespace)
                + (restrictions == null ? "" : ", restricted by cluster " + restrictions.cluster()) + "]";
    }
}
