package io.jenkins.plugins.gitops.plugin;

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
 * Access to one cluster, in transit to the agent: a kubeconfig text and the context to use. The
 * cluster steps (gitopsSync, gitopsWaitHealthy) will hand it to the engine's kube package; the
 * agent writes it to a 0600 temporary file only if a tool needs one and removes it afterwards.
 * {@link #toString()} shows neither the kubeconfig nor its tokens.
 */
public final class ClusterAccess implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_KUBECONFIG_BYTES = 1 << 20;

    private final String kubeconfig;
    private final String context;
    private final List<String> secrets;

    private ClusterAccess(String kubeconfig, String context, List<String> secrets) {
        this.kubeconfig = kubeconfig;
        this.context = context == null ? "" : context;
        this.secrets = List.copyOf(secrets);
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
                        + "' runs an exec or auth-provider plugin; allow exec plugins in the global configuration to use it");
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
        return "ClusterAccess[context=" + (context.isEmpty() ? "(current)" : context) + "]";
    }
}
