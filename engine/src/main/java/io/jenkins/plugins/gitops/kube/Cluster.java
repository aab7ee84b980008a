package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Kubernetes API server, spoken to in JSON over fabric8's HTTP client (so the plugin's
 * okhttp transport, TLS and credentials apply): discovery, get, list by label, server-side
 * apply, create, update and delete, each retried per {@link RetryPolicy} and counted in
 * {@link #calls()}. Thread-safe; close it when done.
 */
public final class Cluster implements AutoCloseable {

    /** The field manager of our server-side applies, unless told otherwise. */
    public static final String DEFAULT_FIELD_MANAGER = "gitops-jenkins";

    static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final HttpClient http;
    private final String base;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final ApiCallCounter calls;
    private final ResourceResolver resolver;

    private Cluster(KubernetesClient client, boolean ownsClient, RetryPolicy retry, Duration timeout) {
        this(client, ownsClient, retry, timeout, new ApiCallCounter(), null);
    }

    private Cluster(KubernetesClient client, boolean ownsClient, RetryPolicy retry, Duration timeout, ApiCallCounter calls,
            ResourceResolver resolver) {
        this.calls = calls;
        this.resolver = resolver == null ? new ResourceResolver(this::discovery) : resolver;
        this.client = client;
        this.ownsClient = ownsClient;
        this.http = client.getHttpClient();
        String url = client.getConfiguration().getMasterUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.retry = retry;
        this.timeout = timeout;
    }

    /** A cluster over a fabric8 {@link Config}; fabric8's own retries are turned off, ours apply. */
    public static Cluster of(Config config, RetryPolicy retry) {
        config.setRequestRetryBackoffLimit(0);
        return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), true, retry, Duration.ofSeconds(30));
    }

    public static Cluster of(Config config) {
        return of(config, RetryPolicy.defaults());
    }

    /** A cluster over a kubeconfig's text, using {@code context} (null or "" for the current one). */
    public static Cluster fromKubeconfig(String kubeconfigText, String context) {
        return of(kubeconfigConfig(kubeconfigText, context));
    }

    /** The fabric8 configuration of a kubeconfig's text and {@code context} (null or "" for the current one). */
    @SuppressWarnings("removal") // fabric8 has no replacement taking the text (its successor reads files)
    public static Config kubeconfigConfig(String kubeconfigText, String context) {
        try {
            return Config.fromKubeconfig(context == null || context.isEmpty() ? null : context, kubeconfigText, null);
        } catch (RuntimeException e) {
            throw new KubeApiException("kubeconfig: cannot use context " + (context == null || context.isEmpty() ? "(current)" : context)
                    + ": " + e.getMessage(), 0, "", e);
        }
    }

    public static Cluster fromKubeconfig(Path file, String context) {
        try {
            return fromKubeconfig(Files.readString(file), context);
        } catch (IOException e) {
            throw new KubeApiException(file + ": cannot read the kubeconfig: " + e.getMessage(), 0, "", e);
        }
    }

    /** Where a pod's service account is mounted. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    /** A cluster reached with a client certificate; see {@link #certificateConfig}. */
    public static Cluster fromCertificate(String server, String caPem, ClientCertificate certificate, String namespace) {
        return of(certificateConfig(server, caPem, certificate, namespace));
    }

    /**
     * The API server at {@code server}, trusted through {@code caPem} (null or "" for the JVM's CAs),
     * authenticated with a client certificate and key (PEM). Namespace null or "" for "default".
     */
    public static Config certificateConfig(String server, String caPem, ClientCertificate certificate, String namespace) {
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

    /** The cluster this JVM's pod runs in, as its service account; see {@link #inClusterConfig(Path, java.util.Map)}. */
    public static Cluster inCluster() {
        return of(inClusterConfig(SERVICE_ACCOUNT, System.getenv()));
    }

    /**
     * What a pod knows about its cluster: {@code KUBERNETES_SERVICE_HOST} and {@code _PORT}, and the
     * service account folder ({@code token}, {@code ca.crt}, {@code namespace}). Built here rather
     * than by fabric8's auto-configuration, which would also read ~/.kube/config and system
     * properties: in-cluster must mean the pod's service account and nothing else.
     */
    public static Config inClusterConfig(Path serviceAccount, java.util.Map<String, String> env) {
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
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The same server, connection and discovery, counting its own calls (which this cluster counts
     * too): what each of several concurrent syncs uses, so that each result's writes and API calls
     * are its own. Closing the view closes nothing.
     */
    public Cluster withOwnCallCount() {
        return new Cluster(client, false, retry, timeout, calls.child(), resolver);
    }

    /** The fabric8 client underneath, for watches (the health waiter's informers); do not close it. */
    public KubernetesClient client() {
        return client;
    }

    public ApiCallCounter calls() {
        return calls;
    }

    public ResourceResolver resolver() {
        return resolver;
    }

    /** The default namespace of the kubeconfig context ("default" when it names none). */
    public String defaultNamespace() {
        String ns = client.getConfiguration().getNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    // ---------------------------------------------------------------- verbs

    JsonNode discovery(String path) {
        return send("discovery", path, "GET", path, null, null);
    }

    public Optional<ObjectNode> get(ApiResource r, String namespace, String name) {
        try {
            return Optional.of((ObjectNode) send("get", r.kind() + "/" + name, "GET", r.objectPath(namespace, name), null, null));
        } catch (KubeApiException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every object of a kind (in a namespace, or all when null) matching a label selector (null for all), page by page. */
    public List<ObjectNode> list(ApiResource r, String namespace, String labelSelector) {
        List<ObjectNode> out = new ArrayList<>();
        String cont = null;
        do {
            StringBuilder q = new StringBuilder("?limit=500");
            if (labelSelector != null && !labelSelector.isEmpty()) {
                q.append("&labelSelector=").append(enc(labelSelector));
            }
            if (cont != null) {
                q.append("&continue=").append(enc(cont));
            }
            JsonNode page = send("list", r.kind() + " list", "GET", r.collectionPath(namespace) + q, null, null);
            for (JsonNode item : page.path("items")) {
                ObjectNode o = (ObjectNode) item;
                o.put("apiVersion", r.apiVersion()).put("kind", r.kind());
                out.add(o);
            }
            cont = page.path("metadata").path("continue").asText("");
            cont = cont.isEmpty() ? null : cont;
        } while (cont != null);
        return out;
    }

    /** Server-side apply of {@code object} (which names its namespace when namespaced). */
    public ObjectNode apply(ApiResource r, ObjectNode object, String fieldManager, boolean force, boolean dryRun) {
        String ns = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText();
        String q = "?fieldManager=" + enc(fieldManager) + (force ? "&force=true" : "") + (dryRun ? "&dryRun=All" : "");
        return (ObjectNode) send(dryRun ? "dryrun" : "apply", subject(r, ns, name), "PATCH", r.objectPath(ns, name) + q,
                "application/apply-patch+yaml", bytes(object));
    }

    /**
     * {@link #apply}, not a dry run, for a caller that needs only to know it succeeded: the
     * server's answer (the whole object again, managed fields included: as many bytes as the sync
     * sends) is not parsed. Failures are read and reported as from {@link #apply}.
     */
    public void applyUnread(ApiResource r, ObjectNode object, String fieldManager, boolean force) {
        String ns = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText();
        String q = "?fieldManager=" + enc(fieldManager) + (force ? "&force=true" : "");
        send("apply", subject(r, ns, name), "PATCH", r.objectPath(ns, name) + q, "application/apply-patch+yaml", bytes(object), false);
    }

    public ObjectNode create(ApiResource r, ObjectNode object, String fieldManager, boolean dryRun) {
        String ns = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText(object.path("metadata").path("generateName").asText());
        String q = "?fieldManager=" + enc(fieldManager) + (dryRun ? "&dryRun=All" : "");
        return (ObjectNode) send(dryRun ? "dryrun" : "create", subject(r, ns, name), "POST", r.collectionPath(ns) + q, "application/json", bytes(object));
    }

    /** A PUT of the whole object (Replace=true); it must carry the live resourceVersion. */
    public ObjectNode update(ApiResource r, ObjectNode object, String fieldManager, boolean dryRun) {
        String ns = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText();
        String q = "?fieldManager=" + enc(fieldManager) + (dryRun ? "&dryRun=All" : "");
        return (ObjectNode) send(dryRun ? "dryrun" : "update", subject(r, ns, name), "PUT", r.objectPath(ns, name) + q, "application/json", bytes(object));
    }

    /**
     * A JSON merge patch (RFC 7386) of one object, or of its {@code subresource} ("status") when not
     * null: what {@code kubectl patch --type merge} sends, and how kubectl plugins such as
     * kubectl-argo-rollouts change a live object. A 404 is thrown as {@link KubeApiException} (a
     * missing status subresource answers 404 too, so the caller can fall back to the object).
     */
    public ObjectNode mergePatch(ApiResource r, String namespace, String name, JsonNode patch, String subresource, String fieldManager) {
        String path = r.objectPath(namespace, name) + (subresource == null ? "" : "/" + subresource) + "?fieldManager=" + enc(fieldManager);
        return (ObjectNode) send("patch", subject(r, namespace, name), "PATCH", path, "application/merge-patch+json", bytes(patch));
    }

    /** Deletes with a propagation policy (Foreground, Background, Orphan); false when it was already gone. */
    public boolean delete(ApiResource r, String namespace, String name, String propagationPolicy) {
        ObjectNode body = JSON.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1")
                .put("propagationPolicy", propagationPolicy == null ? "Background" : propagationPolicy);
        try {
            send("delete", subject(r, namespace, name), "DELETE", r.objectPath(namespace, name), "application/json", bytes(body));
            return true;
        } catch (KubeApiException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Waits until every named CustomResourceDefinition is Established: one LIST, then one watch
     * from the LIST's resourceVersion (no polling). Returns the names still not Established at
     * the deadline. Throws a {@link KubeApiException} when the LIST or the watch fails (the
     * caller may then poll, with retries, instead).
     */
    public java.util.Set<String> awaitCrdsEstablished(java.util.Collection<String> names, Duration timeout) {
        java.util.Set<String> missing = java.util.concurrent.ConcurrentHashMap.newKeySet();
        missing.addAll(names);
        if (missing.isEmpty()) {
            return missing;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        var crds = client.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition");
        String rv;
        try {
            calls.record("list");
            var list = crds.list();
            list.getItems().forEach(c -> {
                if (established(c)) {
                    missing.remove(c.getMetadata().getName());
                }
            });
            rv = list.getMetadata().getResourceVersion();
        } catch (RuntimeException e) {
            throw new KubeApiException("CustomResourceDefinition list: " + e.getMessage(), 0, "", e);
        }
        if (missing.isEmpty()) {
            return missing;
        }
        watchUntil(crds, rv, (action, c) -> action != io.fabric8.kubernetes.client.Watcher.Action.DELETED && established(c)
                && missing.remove(c.getMetadata().getName()) && missing.isEmpty(), deadline, "CustomResourceDefinitions");
        return missing;
    }

    /**
     * Waits on one watch (scoped to the object's name) until {@code done} accepts the object or it
     * is deleted: the object as last seen, or empty when it is gone. A hook that finishes is seen
     * when its status is written, not at the next poll.
     *
     * @throws KubeApiException at the deadline (naming the object), when interrupted, or when the watch cannot be opened
     */
    public Optional<ObjectNode> awaitObject(ApiResource r, String namespace, String name, java.util.function.Predicate<ObjectNode> done,
            Duration timeout) {
        String what = r.kind() + (namespace.isEmpty() ? "/" : "/" + namespace + "/") + name;
        long deadline = System.nanoTime() + timeout.toNanos();
        var ops = client.genericKubernetesResources(r.apiVersion(), r.kind());
        var scoped = (r.namespaced() ? ops.inNamespace(namespace) : ops).withField("metadata.name", name);
        java.util.concurrent.atomic.AtomicReference<Optional<ObjectNode>> result = new java.util.concurrent.atomic.AtomicReference<>();
        String rv;
        try {
            calls.record("list");
            var list = scoped.list();
            rv = list.getMetadata().getResourceVersion();
            if (list.getItems().isEmpty()) {
                return Optional.empty();
            }
            ObjectNode now = client.getKubernetesSerialization().convertValue(list.getItems().get(0), ObjectNode.class);
            if (done.test(now)) {
                return Optional.of(now);
            }
        } catch (RuntimeException e) {
            throw new KubeApiException(what + ": list: " + e.getMessage(), 0, "", e);
        }
        boolean finished = watchUntil(scoped, rv, (action, o) -> {
            Optional<ObjectNode> seen = action == io.fabric8.kubernetes.client.Watcher.Action.DELETED ? Optional.empty()
                    : Optional.of(client.getKubernetesSerialization().convertValue(o, ObjectNode.class));
            if (seen.isPresent() && !done.test(seen.get())) {
                return false;
            }
            result.set(seen);
            return true;
        }, deadline, what);
        if (!finished) {
            throw new KubeApiException(what + ": not done after " + timeout.toSeconds() + " s", 0, "", null);
        }
        return result.get();
    }

    /**
     * One watch from {@code resourceVersion} until {@code event} says done (true) or the deadline
     * passes (false). A watch the server closes, an interrupt or a failure to open it is a
     * {@link KubeApiException} naming {@code what}.
     */
    private boolean watchUntil(io.fabric8.kubernetes.client.dsl.Watchable<io.fabric8.kubernetes.api.model.GenericKubernetesResource> scope,
            String resourceVersion,
            java.util.function.BiPredicate<io.fabric8.kubernetes.client.Watcher.Action, io.fabric8.kubernetes.api.model.GenericKubernetesResource> event,
            long deadlineNanos, String what) {
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Exception[] closed = new Exception[1];
        calls.record("watch");
        io.fabric8.kubernetes.client.Watch watch;
        try {
            watch = scope.watch(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion(resourceVersion).build(),
                    new io.fabric8.kubernetes.client.Watcher<io.fabric8.kubernetes.api.model.GenericKubernetesResource>() {
                        @Override
                        public void eventReceived(Action action, io.fabric8.kubernetes.api.model.GenericKubernetesResource o) {
                            if (!done.get() && event.test(action, o)) {
                                done.set(true);
                                finished.countDown();
                            }
                        }

                        @Override
                        public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                            closed[0] = cause == null ? new IllegalStateException("closed by the server") : cause;
                            finished.countDown();
                        }
                    });
        } catch (RuntimeException e) {
            throw new KubeApiException(what + ": watch: " + e.getMessage(), 0, "", e);
        }
        try {
            finished.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeApiException(what + ": interrupted", 0, "", e);
        } finally {
            watch.close();
        }
        if (!done.get() && closed[0] != null) {
            throw new KubeApiException(what + ": watch closed: " + closed[0].getMessage(), 0, "", closed[0]);
        }
        return done.get();
    }

    private static boolean established(io.fabric8.kubernetes.api.model.GenericKubernetesResource crd) {
        if (!(crd.getAdditionalProperties().get("status") instanceof java.util.Map<?, ?> status)
                || !(status.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        for (Object c : conditions) {
            if (c instanceof java.util.Map<?, ?> m && "Established".equals(m.get("type")) && "True".equals(m.get("status"))) {
                return true;
            }
        }
        return false;
    }

    static String subject(ApiResource r, String ns, String name) {
        return new ResourceKey(r.group(), r.kind(), r.namespaced() ? ns : "", name).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- transport and retries

    private JsonNode send(String verb, String subject, String method, String path, String contentType, byte[] body) {
        return send(verb, subject, method, path, contentType, body, true);
    }

    /** @param read whether to parse a successful answer (null is returned when not) */
    private JsonNode send(String verb, String subject, String method, String path, String contentType, byte[] body, boolean read) {
        for (int attempt = 1; ; attempt++) {
            calls.record(verb);
            if (attempt > 1) {
                calls.record("retry");
            }
            Duration retryAfter = Duration.ZERO;
            KubeApiException failure;
            try {
                HttpRequest.Builder b = http.newHttpRequestBuilder().uri(base + path).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .header("Accept", "application/json");
                if (body != null) {
                    b.method(method, contentType, new String(body, StandardCharsets.UTF_8));
                } else if (!method.equals("GET")) {
                    b.method(method, "application/json", "");
                }
                HttpResponse<byte[]> resp = http.sendAsync(b.build(), byte[].class).get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
                byte[] data = resp.body() == null ? new byte[0] : resp.body();
                if (resp.isSuccessful()) {
                    return !read ? null : data.length == 0 ? JSON.createObjectNode() : JSON.readTree(data);
                }
                failure = statusError(subject, resp.code(), data);
                if (resp.code() == 429) {
                    retryAfter = parseRetryAfter(resp.header("Retry-After"));
                }
                if (!retryable(failure, verb)) {
                    throw failure;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubeApiException(subject + ": interrupted", 0, "", e);
            } catch (ExecutionException | TimeoutException | IOException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                failure = new KubeApiException(subject + ": cannot reach the API server at " + base + ": " + cause, 0, "", cause);
            }
            if (attempt >= retry.attempts()) {
                throw new KubeApiException(failure.getMessage() + " (gave up after " + attempt + " attempts)", failure.code(), failure.reason(), failure);
            }
            pause(retry.backoff(attempt, retryAfter));
        }
    }

    private static boolean retryable(KubeApiException e, String verb) {
        int c = e.code();
        if (c == 429 || c >= 500 || c == 0) {
            return true;
        }
        // a 409 on an apply is an optimistic-lock conflict worth another try; an apply field conflict is not, nor is a
        // create of an existing object or a PUT carrying a resourceVersion someone else moved on (the caller must read again)
        return c == 409 && !e.applyConflict() && !verb.equals("create") && !verb.equals("update");
    }

    private static KubeApiException statusError(String subject, int code, byte[] data) {
        String reason = "";
        String message = new String(data, StandardCharsets.UTF_8);
        try {
            JsonNode status = JSON.readTree(data);
            if (status != null && status.isObject()) {
                reason = status.path("reason").asText("");
                message = status.path("message").asText(message);
            }
        } catch (IOException ignored) {
            // not a Status: keep the raw text
        }
        if (code == 401) {
            message = "the API server refused our credentials (401 Unauthorized): they may have expired; " + message;
        } else if (code == 403) {
            message = "forbidden (403): " + message;
        }
        return new KubeApiException(subject + ": " + message, code, reason);
    }

    private static Duration parseRetryAfter(String header) {
        if (header == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeApiException("interrupted while backing off", 0, "", e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
