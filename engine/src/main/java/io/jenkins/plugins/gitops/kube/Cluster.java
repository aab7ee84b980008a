package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Kubernetes API server, spoken to in JSON over fabric8's HTTP client (so the plugin's
 * okhttp transport, TLS and credentials apply): discovery, get, list, server-side apply, create,
 * update, merge patch, delete, container logs and keep-alive watches ({@link #watch}), each
 * retried per {@link RetryPolicy} and counted in {@link #calls()}; the waits built on watches
 * (CRDs Established, one object done) are in {@link ClusterWaits}. How to reach the server is
 * {@link ClusterConfig}'s. Thread-safe; close it when done.
 */
public final class Cluster implements AutoCloseable {

    /** The field manager of our server-side applies, unless told otherwise. */
    public static final String DEFAULT_FIELD_MANAGER = "gitops-jenkins";

    /** The one JSON mapper of the kube package: shared, so its deserializers are warm in every cluster of the JVM. */
    static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final ApiTransport transport;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final ApiCallCounter calls;
    private final ResourceResolver resolver;

    private Cluster(KubernetesClient client, boolean ownsClient, RetryPolicy retry, Duration timeout) {
        this(client, ownsClient, retry, timeout, new ApiCallCounter(), null);
    }

    private Cluster(KubernetesClient client, boolean ownsClient, RetryPolicy retry, Duration timeout, ApiCallCounter calls,
            ResourceResolver resolver) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.retry = retry;
        this.timeout = timeout;
        this.calls = calls;
        this.resolver = resolver == null ? new ResourceResolver(this::discovery) : resolver;
        this.transport = new ApiTransport(client.getHttpClient(), client.getConfiguration().getMasterUrl(), retry, timeout, calls);
    }

    /**
     * A cluster over a fabric8 {@link Config}; fabric8's own retries are turned off, ours apply.
     *
     * @throws KubeApiException when fabric8 cannot build the client from {@code config} (a client key
     *         or certificate it cannot load: its own message is "An error has occurred.", so the cause's is added)
     */
    public static Cluster of(Config config, RetryPolicy retry) {
        config.setRequestRetryBackoffLimit(0);
        io.fabric8.kubernetes.client.KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(config).build();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            String why = e.getCause() == null || e.getCause().getMessage() == null ? String.valueOf(e.getMessage())
                    : e.getMessage() + " " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
            throw new KubeApiException("cannot build a Kubernetes client for " + config.getMasterUrl() + " from its credentials"
                    + " (client certificate and key, CA): " + why, 0, "", e);
        }
        return new Cluster(client, true, retry, Duration.ofSeconds(30));
    }

    public static Cluster of(Config config) {
        return of(config, RetryPolicy.defaults());
    }

    /**
     * A cluster over a client the caller keeps (and closes): for a caller that already holds one,
     * such as a test's emulator client. Set its request retries to 0, or both fabric8 and we retry.
     */
    public static Cluster over(KubernetesClient client, RetryPolicy retry) {
        return new Cluster(client, false, retry, Duration.ofSeconds(30));
    }

    /** A cluster over a kubeconfig's text, using {@code context} (null or "" for the current one). */
    public static Cluster fromKubeconfig(String kubeconfigText, String context) {
        return of(ClusterConfig.kubeconfig(kubeconfigText, context));
    }

    public static Cluster fromKubeconfig(Path file, String context) {
        return of(ClusterConfig.kubeconfig(file, context));
    }

    /** A cluster reached with a client certificate; see {@link ClusterConfig#certificate}. */
    public static Cluster fromCertificate(String server, String caPem, ClientCertificate certificate, String namespace) {
        return of(ClusterConfig.certificate(server, caPem, certificate, namespace));
    }

    /** The cluster this JVM's pod runs in, as its service account; see {@link ClusterConfig#inCluster}. */
    public static Cluster inCluster() {
        return of(ClusterConfig.inCluster(ClusterConfig.SERVICE_ACCOUNT, System.getenv()));
    }

    /** The transport, for the package's watches. */
    ApiTransport transport() {
        return transport;
    }

    /**
     * The same server, connection and discovery, counting its own calls (which this cluster counts
     * too): what each of several concurrent syncs uses, so that each result's writes and API calls
     * are its own. Closing the view closes nothing.
     */
    public Cluster withOwnCallCount() {
        return new Cluster(client, false, retry, timeout, calls.child(), resolver);
    }

    /** The fabric8 client underneath (its configuration, for callers that print the server); do not close it. */
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
        return transport.send("discovery", path, "GET", path, null, null);
    }

    public Optional<ObjectNode> get(ApiResource r, String namespace, String name) {
        try {
            return Optional.of((ObjectNode) transport.send("get", subject(r, namespace, name), "GET", r.objectPath(namespace, name), null, null));
        } catch (KubeApiException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Every object of a kind (in a namespace, or all when null) matching a label selector (null for all), page by page,
     * without their managed fields (read with {@link #get} when they matter).
     */
    public List<ObjectNode> list(ApiResource r, String namespace, String labelSelector) {
        return list(r, namespace, labelSelector, null);
    }

    /** As {@link #list(ApiResource, String, String)}, also filtered by a field selector ({@code type=Warning}; null for none). */
    public List<ObjectNode> list(ApiResource r, String namespace, String labelSelector, String fieldSelector) {
        return listAll(transport, r, namespace, labelSelector, fieldSelector).items();
    }

    /** The objects of a list and the resourceVersion to watch from. */
    record Page(List<ObjectNode> items, String resourceVersion) {
    }

    static Page listAll(ApiTransport transport, ApiResource r, String namespace, String labelSelector, String fieldSelector) {
        List<ObjectNode> out = new ArrayList<>();
        String cont = null;
        String version = null;
        do {
            StringBuilder q = new StringBuilder("?limit=500");
            if (labelSelector != null && !labelSelector.isEmpty()) {
                q.append("&labelSelector=").append(enc(labelSelector));
            }
            if (fieldSelector != null && !fieldSelector.isEmpty()) {
                q.append("&fieldSelector=").append(enc(fieldSelector));
            }
            if (cont != null) {
                q.append("&continue=").append(enc(cont));
            }
            JsonNode page = transport.list(r.kind() + " list" + (r.namespaced() && namespace != null && !namespace.isEmpty()
                    ? " in namespace " + namespace : ""), r.collectionPath(namespace) + q);
            for (JsonNode item : page.path("items")) {
                ObjectNode o = (ObjectNode) item;
                o.put("apiVersion", r.apiVersion()).put("kind", r.kind());
                out.add(o);
            }
            if (version == null) {
                // the first page's version: continued pages are read from the same snapshot
                version = page.path("metadata").path("resourceVersion").asText("");
            }
            cont = page.path("metadata").path("continue").asText("");
            cont = cont.isEmpty() ? null : cont;
        } while (cont != null);
        return new Page(out, version);
    }

    /**
     * Keeps watching the objects of a kind in a scope: lists them (delivered before this returns),
     * then a watch resumed from the last version seen, re-listed on 410 Gone. Close it to stop.
     *
     * @param namespace     a namespace, or null for all (and for cluster-scoped kinds)
     * @param labelSelector null for every object
     * @param fieldSelector null for every object ({@code metadata.name=NAME} for one)
     */
    public ObjectWatch watch(ApiResource r, String namespace, String labelSelector, String fieldSelector, ObjectWatch.Handler handler) {
        return ObjectWatch.start(transport, r, namespace, labelSelector, fieldSelector, handler, ObjectWatch.WATCH_SECONDS);
    }

    /** The last {@code lines} lines of a container's log ({@code previous}: of its last terminated run). */
    public String log(String namespace, String pod, String container, int lines, boolean previous) {
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?container=" + enc(container) + "&tailLines=" + lines
                + (previous ? "&previous=true" : "");
        return transport.text("log", "Pod/" + namespace + "/" + pod + " container " + container + " log", path);
    }

    /** Server-side apply of {@code object} (which names its namespace when namespaced). */
    public ObjectNode apply(ApiResource r, ObjectNode object, String fieldManager, boolean force, boolean dryRun) {
        String ns = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText();
        String q = "?fieldManager=" + enc(fieldManager) + (force ? "&force=true" : "") + (dryRun ? "&dryRun=All" : "");
        return (ObjectNode) transport.send(dryRun ? "dryrun" : "apply", subject(r, ns, name), "PATCH", r.objectPath(ns, name) + q,
                "application/apply-patch+yaml", bytes(object));
    }

    /**
     * {@link #apply}, not a dry run, for a caller that needs only to know it succeeded: the
     * server's answer (the whole object again, managed fields included: as many bytes as the sync
     * sends) is not parsed. Failures are read and reported as from {@link #apply}.
     */
    public void applyUnread(ApiResource r, ObjectNode object, String fieldManager, boolean force) {
        applyUnread(r, object, fieldManager, force, false);
    }

    /**
     * {@link #applyUnread}, or its dry run: the server validates and admits the object as for a
     * write, and says yes or no, for a caller that has no use for the object it would make.
     */
    public void applyUnread(ApiResource r, ObjectNode object, String fieldManager, boolean force, boolean dryRun) {
        applyUnread(r, object.path("metadata").path("namespace").asText(""), object.path("metadata").path("name").asText(), bytes(object),
                fieldManager, force, dryRun);
    }

    /** {@link #applyUnread(ApiResource, ObjectNode, String, boolean, boolean)} of an object's kept JSON ({@link KubeObject#jsonBytes}). */
    public void applyUnread(ApiResource r, KubeObject object, String fieldManager, boolean force, boolean dryRun) {
        applyUnread(r, object.namespace(), object.name(), object.jsonBytes(), fieldManager, force, dryRun);
    }

    private void applyUnread(ApiResource r, String ns, String name, byte[] body, String fieldManager, boolean force, boolean dryRun) {
        String q = "?fieldManager=" + enc(fieldManager) + (force ? "&force=true" : "") + (dryRun ? "&dryRun=All" : "");
        transport.sendUnread(dryRun ? "dryrun" : "apply", subject(r, ns, name), "PATCH", r.objectPath(ns, name) + q, "application/apply-patch+yaml", body);
    }

    public ObjectNode create(ApiResource r, ObjectNode object, String fieldManager, boolean dryRun) {
        String ns = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText(object.path("metadata").path("generateName").asText());
        String q = "?fieldManager=" + enc(fieldManager) + (dryRun ? "&dryRun=All" : "");
        return (ObjectNode) transport.send(dryRun ? "dryrun" : "create", subject(r, ns, name), "POST", r.collectionPath(ns) + q, "application/json", bytes(object));
    }

    /** A PUT of the whole object (Replace=true); it must carry the live resourceVersion. */
    public ObjectNode update(ApiResource r, ObjectNode object, String fieldManager, boolean dryRun) {
        String ns = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText();
        String q = "?fieldManager=" + enc(fieldManager) + (dryRun ? "&dryRun=All" : "");
        return (ObjectNode) transport.send(dryRun ? "dryrun" : "update", subject(r, ns, name), "PUT", r.objectPath(ns, name) + q, "application/json", bytes(object));
    }

    /**
     * A JSON merge patch (RFC 7386) of one object, or of its {@code subresource} ("status") when not
     * null: what {@code kubectl patch --type merge} sends, and how kubectl plugins such as
     * kubectl-argo-rollouts change a live object. A 404 is thrown as {@link KubeApiException} (a
     * missing status subresource answers 404 too, so the caller can fall back to the object).
     */
    public ObjectNode mergePatch(ApiResource r, String namespace, String name, JsonNode patch, String subresource, String fieldManager) {
        String path = r.objectPath(namespace, name) + (subresource == null ? "" : "/" + subresource) + "?fieldManager=" + enc(fieldManager);
        return (ObjectNode) transport.send("patch", subject(r, namespace, name), "PATCH", path, "application/merge-patch+json", bytes(patch));
    }

    /** Deletes with a propagation policy (Foreground, Background, Orphan); false when it was already gone. */
    public boolean delete(ApiResource r, String namespace, String name, String propagationPolicy) {
        ObjectNode body = JSON.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1")
                .put("propagationPolicy", propagationPolicy == null ? "Background" : propagationPolicy);
        try {
            transport.send("delete", subject(r, namespace, name), "DELETE", r.objectPath(namespace, name), "application/json", bytes(body));
            return true;
        } catch (KubeApiException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Waits until every named CustomResourceDefinition that carries {@code labelSelector} (a sync's
     * app label; null for any) is Established: one LIST, then one watch from the LIST's
     * resourceVersion (no polling). Returns the names still not Established at the deadline, and
     * those the selector did not match or stopped matching (relabelled by another app), for the
     * caller to wait for one by one. Throws a {@link KubeApiException} when the LIST or the watch
     * fails (the caller may then poll, with retries, instead).
     */
    public CrdWait awaitCrdsEstablished(java.util.Collection<String> names, String labelSelector, Duration timeout) {
        return new ClusterWaits(this).crdsEstablished(names, labelSelector, timeout);
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
        return new ClusterWaits(this).object(r, namespace, name, done, timeout);
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

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
