package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.tools.Workloads;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Drives an emulator through the request paths of a first sync, over HTTP, before anyone is timed
 * against it. A kube-apiserver is compiled ahead of time; a fresh emulator's JIT compilers spend
 * more CPU during a client's first large sync than serving it does (10.6 of 11.8 s for the Kubeflow
 * bundle, bench/RESULTS.md), on the same cores as the client. {@code gitops emulator --warm-up N}
 * runs N rounds against a scratch emulator in the same JVM and then serves a new one: compiled code
 * belongs to the JVM, objects to the emulator, so the served one starts empty.
 *
 * <p>One round: discovery; CRDs applied and watched until Established; namespaces; in each,
 * Deployments, Services, ConfigMaps, a ServiceAccount, a Role, a RoleBinding and custom resources,
 * each server-side applied as a dry run, then for real, then unchanged by a second field manager
 * (as kubectl applies); every object read, every kind listed; a merge patch; then all deleted.
 * A request that fails fails the warm-up, naming it: a warm-up that did not run is not reported
 * as one that did.
 */
public final class EmulatorWarmUp {

    /** What a warm-up did. */
    public record Summary(int rounds, int objects, long requests, long millis) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String APPLY = "application/apply-patch+yaml";
    private static final int NAMESPACES = 3;
    private static final int CRDS = 8;
    private static final int PER_KIND = 5;

    private final URI base;
    private final ResourceTypes types;
    private final List<ObjectNode> manifests;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "emulator-warm-up");
        t.setDaemon(true);
        return t;
    });
    private long requests;

    private EmulatorWarmUp(KubeEmulator target, List<ObjectNode> manifests) {
        this.base = URI.create(target.url() + "/");
        this.types = target.api().types();
        this.manifests = manifests;
    }

    /**
     * Runs {@code rounds} rounds (at least one) against {@code target}, with {@code manifests}
     * (a workload of the user's, such as the bundle a benchmark syncs; may be empty) applied,
     * read and deleted in every round beside the built-in one.
     */
    public static Summary run(KubeEmulator target, int rounds, List<ObjectNode> manifests) {
        if (rounds < 1) {
            throw new IllegalArgumentException("a warm-up needs at least 1 round, not " + rounds);
        }
        long t0 = System.nanoTime();
        EmulatorWarmUp w = new EmulatorWarmUp(target, manifests);
        int objects = 0;
        try {
            for (int r = 0; r < rounds; r++) {
                objects += w.round(r, r + 1 < rounds);
            }
        } finally {
            w.pool.shutdownNow();
        }
        settle();
        return new Summary(rounds, objects, w.requests, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Waits (30 s at most) until the JIT compilers have worked off what the warm-up queued: else
     * they go on compiling during the first client's requests, on its cores, which is what the
     * warm-up is there to prevent.
     */
    private static void settle() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long before = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            quiet = now - before < 5 ? quiet + 1 : 0;
            before = now;
        }
    }

    /** The objects of a multi-document YAML or JSON file, for {@link #run}; empty documents are skipped. */
    public static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        int doc = 0;
        for (String text : Workloads.documents(Files.readString(file))) {
            doc++;
            JsonNode n;
            try {
                n = Json.parse(text.getBytes(StandardCharsets.UTF_8), "application/yaml");
            } catch (ApiException e) {
                throw new IOException(file + ", document " + doc + ": " + e.getMessage(), e);
            }
            if (n == null || n.isNull() || n.isMissingNode()) {
                continue;
            }
            if (!n.isObject() || n.path("kind").asText("").isEmpty() || n.path("metadata").path("name").asText("").isEmpty()) {
                throw new IOException(file + ", document " + doc + ": not a Kubernetes object (kind and metadata.name are required)");
            }
            out.add((ObjectNode) n);
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no objects to warm up with");
        }
        return out;
    }

    private int round(int r, boolean more) {
        parallel(List.of("api", "api/v1", "apis", "apis/apps/v1", "apis/apiextensions.k8s.io/v1", "apis/rbac.authorization.k8s.io/v1"),
                p -> send("GET", p, null, null));
        List<Obj> crds = new ArrayList<>();
        List<ObjectNode> objects = new ArrayList<>();
        for (int c = 0; c < CRDS; c++) {
            crds.add(at(crd("warm" + r + "x" + c)));
        }
        for (ObjectNode o : manifests) {
            if (isCrd(o)) {
                crds.add(at(o));
            }
        }
        applyAll(crds);
        awaitEstablished(crds, r);
        for (int n = 0; n < NAMESPACES; n++) {
            objects.addAll(workload("warm-up-" + r + "-" + n, crds.subList(0, CRDS)));
        }
        manifests.stream().filter(o -> !isCrd(o)).forEach(objects::add);
        // the built-in workload and the manifests alike: a namespace for each object that names one
        Map<String, Obj> namespaces = new LinkedHashMap<>();
        List<Obj> namespaced = new ArrayList<>();
        List<Obj> clusterScoped = new ArrayList<>();
        for (ObjectNode o : objects) {
            Obj obj = at(o);
            if (o.path("kind").asText().equals("Namespace") && o.path("apiVersion").asText().equals("v1")) {
                namespaces.put(o.path("metadata").path("name").asText(), obj);
            } else if (obj.namespace() != null) {
                namespaced.add(obj);
                namespaces.putIfAbsent(obj.namespace(), at(namespace(obj.namespace())));
            } else {
                clusterScoped.add(obj);
            }
        }
        List<Obj> nsList = new ArrayList<>(namespaces.values());
        applyAll(nsList);
        List<Obj> rest = new ArrayList<>(clusterScoped);
        rest.addAll(namespaced);
        // a dry run can only pass once its namespace and CRD are there, as in a sync's later waves
        parallel(rest, o -> send("PATCH", o.path + "?fieldManager=gitops&force=true&dryRun=All", APPLY, Json.bytes(o.body)));
        parallel(rest, o -> send("PATCH", o.path + "?fieldManager=gitops&force=true", APPLY, Json.bytes(o.body)));
        parallel(rest, o -> send("PATCH", o.path + "?fieldManager=kubectl&fieldValidation=Ignore&force=false", APPLY, Json.bytes(o.body)));
        parallel(rest, o -> send("GET", o.path, null, null));
        Set<String> lists = new HashSet<>();
        rest.forEach(o -> lists.add(o.path.substring(0, o.path.lastIndexOf('/'))));
        parallel(new ArrayList<>(lists), l -> send("GET", l + "?limit=500", null, null));
        parallel(namespaced.subList(0, Math.min(namespaced.size(), 200)), o -> send("PATCH", o.path + "?fieldManager=warm-up",
                "application/merge-patch+json",
                Json.bytes(F.objectNode().set("metadata", F.objectNode().set("annotations", F.objectNode().put("warm-up/round", Integer.toString(r)))))));
        byte[] background = "{\"propagationPolicy\":\"Background\"}".getBytes(StandardCharsets.UTF_8);
        parallel(clusterScoped, o -> send("DELETE", o.path, "application/json", background));
        parallel(nsList, o -> send("DELETE", o.path, "application/json", background));
        parallel(crds, o -> send("DELETE", o.path, "application/json", background));
        if (more && !manifests.isEmpty()) {
            // the next round creates the same names again: a terminating namespace refuses them
            awaitGone("api/v1/namespaces", nsList);
            awaitGone("apis/apiextensions.k8s.io/v1/customresourcedefinitions", crds);
        }
        return crds.size() + nsList.size() + rest.size();
    }

    private static boolean isCrd(JsonNode o) {
        return o.path("kind").asText().equals("CustomResourceDefinition") && o.path("apiVersion").asText().startsWith("apiextensions.k8s.io/");
    }

    private static ObjectNode namespace(String ns) {
        return meta(F.objectNode().put("apiVersion", "v1").put("kind", "Namespace"), ns, null);
    }

    /** Where an object lives; its kind must be served by now (built in, or its CRD Established). */
    private Obj at(ObjectNode o) {
        String apiVersion = o.path("apiVersion").asText();
        String kind = o.path("kind").asText();
        String name = o.path("metadata").path("name").asText();
        ResourceType t = types.byKind(apiVersion, kind).orElseThrow(() -> new IllegalStateException(
                "emulator warm-up: " + kind + " " + name + ": the emulator serves no kind " + kind + " in " + apiVersion
                        + " (nor does any CRD of the warm-up's manifests)"));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String prefix = t.group().isEmpty() ? "api/" + version : "apis/" + t.group() + "/" + version;
        String ns = t.namespaced() ? o.path("metadata").path("namespace").asText("default") : null;
        return new Obj(prefix + (ns == null ? "" : "/namespaces/" + ns) + "/" + t.plural() + "/" + name, ns, o);
    }

    /** An object, the path it lives at, and its namespace (null when cluster-scoped). */
    private record Obj(String path, String namespace, ObjectNode body) {
    }

    private void applyAll(List<Obj> objects) {
        parallel(objects, o -> send("PATCH", o.path + "?fieldManager=gitops&force=true&dryRun=All", APPLY, Json.bytes(o.body)));
        parallel(objects, o -> send("PATCH", o.path + "?fieldManager=gitops&force=true", APPLY, Json.bytes(o.body)));
        parallel(objects, o -> send("PATCH", o.path + "?fieldManager=gitops&force=true", APPLY, Json.bytes(o.body)));
    }

    private interface Request<T> {
        void send(T item) throws IOException, InterruptedException;
    }

    private <T> void parallel(List<T> items, Request<T> request) {
        List<Future<?>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(pool.submit(() -> {
                request.send(item);
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the emulator's warm-up was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException("emulator warm-up: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private synchronized void counted() {
        requests++;
    }

    private byte[] send(String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        counted();
        if (resp.statusCode() >= 300) {
            String text = new String(resp.body(), StandardCharsets.UTF_8);
            throw new IllegalStateException("emulator warm-up: " + method + " /" + path + " answered " + resp.statusCode() + ": "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
        }
        return resp.body();
    }

    /**
     * Watches CRDs until every one of {@code crds} is Established: over a WebSocket in even rounds
     * (as fabric8 and the engine's waits watch), as a chunked HTTP stream in odd ones (as kubectl).
     */
    private void awaitEstablished(List<Obj> crds, int round) {
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        crds.forEach(o -> waiting.add(o.body.path("metadata").path("name").asText()));
        String watch = "apis/apiextensions.k8s.io/v1/customresourcedefinitions?watch=true&timeoutSeconds=60";
        CompletableFuture<Void> done = new CompletableFuture<>();
        Consumer<String> onEvent = line -> {
            JsonNode object = Json.parse(line.getBytes(StandardCharsets.UTF_8), "application/json").path("object");
            for (JsonNode c : object.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Established") && c.path("status").asText().equals("True")) {
                    waiting.remove(object.path("metadata").path("name").asText());
                }
            }
            if (waiting.isEmpty()) {
                done.complete(null);
            }
        };
        try {
            if (round % 2 == 0) {
                WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws" + base.resolve(watch).toString().substring("http".length())),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    try {
                                        onEvent.accept(text.toString());
                                    } catch (RuntimeException e) {
                                        done.completeExceptionally(e);
                                    }
                                    text.setLength(0);
                                }
                                socket.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                                done.completeExceptionally(new IOException("the watch closed (" + status + ") with " + waiting + " not Established"));
                                return null;
                            }

                            @Override
                            public void onError(WebSocket socket, Throwable error) {
                                done.completeExceptionally(error);
                            }
                        }).get(30, TimeUnit.SECONDS);
                counted();
                try {
                    done.get(60, TimeUnit.SECONDS);
                } finally {
                    ws.abort();
                }
            } else {
                readWatch(watch, line -> {
                    onEvent.accept(line);
                    return waiting.isEmpty();
                });
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("emulator warm-up: the CRD watch failed with " + waiting + " not Established: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the emulator's warm-up was interrupted", e);
        }
        if (!waiting.isEmpty()) {
            throw new IllegalStateException("emulator warm-up: CRDs not Established within 60 s: " + waiting);
        }
    }

    /** Reads a chunked watch (kubectl's kind) line by line until {@code done} says so after a line, or the server ends it. */
    private void readWatch(String pathAndQuery, Predicate<String> done) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(90)).build();
        HttpResponse<Stream<String>> resp = http.send(req, HttpResponse.BodyHandlers.ofLines());
        counted();
        try (Stream<String> lines = resp.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                if (done.test(it.next())) {
                    return;
                }
            }
        }
    }

    /** Lists a collection, then watches it until none of {@code objects} is left. */
    private void awaitGone(String collection, List<Obj> objects) {
        Set<String> left = new HashSet<>();
        objects.forEach(o -> left.add(o.body.path("metadata").path("name").asText()));
        try {
            JsonNode list = Json.parse(send("GET", collection, null, null), "application/json");
            Set<String> listed = new HashSet<>();
            list.path("items").forEach(i -> listed.add(i.path("metadata").path("name").asText()));
            left.retainAll(listed);
            if (left.isEmpty()) {
                return;
            }
            String rv = list.path("metadata").path("resourceVersion").asText();
            readWatch(collection + "?watch=true&timeoutSeconds=60&resourceVersion=" + rv, line -> {
                JsonNode ev = Json.parse(line.getBytes(StandardCharsets.UTF_8), "application/json");
                if (ev.path("type").asText().equals("DELETED")) {
                    left.remove(ev.path("object").path("metadata").path("name").asText());
                }
                return left.isEmpty();
            });
        } catch (IOException e) {
            throw new IllegalStateException("emulator warm-up: the watch of " + collection + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the emulator's warm-up was interrupted", e);
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("emulator warm-up: still there 60 s after their deletion: " + left);
        }
    }

    private static ObjectNode meta(ObjectNode o, String name, String namespace) {
        ObjectNode md = o.putObject("metadata").put("name", name);
        if (namespace != null) {
            md.put("namespace", namespace);
        }
        md.putObject("labels").put("app.kubernetes.io/name", name).put("app.kubernetes.io/part-of", "warm-up");
        return o;
    }

    /** A CRD with a schema of some depth: Kubeflow's CRDs are large, and each write walks them. */
    private static ObjectNode crd(String group) {
        String plural = "widgets";
        String name = plural + "." + group + ".example.com";
        ObjectNode o = meta(F.objectNode().put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition"), name, null);
        ObjectNode spec = o.putObject("spec").put("group", group + ".example.com").put("scope", "Namespaced");
        spec.putObject("names").put("kind", "Widget").put("plural", plural).put("singular", "widget").put("listKind", "WidgetList");
        ArrayNode versions = spec.putArray("versions");
        for (String v : List.of("v1", "v1beta1")) {
            ObjectNode ver = versions.addObject().put("name", v).put("served", true).put("storage", v.equals("v1"));
            ver.putObject("subresources").putObject("status");
            ObjectNode schema = ver.putObject("schema").putObject("openAPIV3Schema").put("type", "object");
            ObjectNode props = schema.putObject("properties");
            props.set("spec", schemaTree(3));
            props.set("status", schemaTree(2));
        }
        return o;
    }

    private static ObjectNode schemaTree(int depth) {
        ObjectNode node = F.objectNode().put("type", "object").put("description", "a field of the warm-up's schema, nested " + depth + " deep");
        ObjectNode props = node.putObject("properties");
        for (int i = 0; i < 6; i++) {
            if (depth > 0 && i % 2 == 0) {
                props.set("nested" + i, schemaTree(depth - 1));
            } else if (i % 3 == 1) {
                props.putObject("list" + i).put("type", "array").putObject("items").put("type", "string");
            } else {
                props.putObject("field" + i).put("type", "string").put("description", "a leaf");
            }
        }
        return node;
    }

    private static List<ObjectNode> workload(String ns, List<Obj> crds) {
        List<ObjectNode> out = new ArrayList<>();
        out.add(meta(F.objectNode().put("apiVersion", "v1").put("kind", "ServiceAccount"), "runner", ns));
        ObjectNode role = meta(F.objectNode().put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "Role"), "runner", ns);
        role.putArray("rules").addObject().<ObjectNode>set("apiGroups", F.arrayNode().add("")).<ObjectNode>set("resources", F.arrayNode().add("pods").add("configmaps"))
                .set("verbs", F.arrayNode().add("get").add("list").add("watch"));
        out.add(role);
        ObjectNode binding = meta(F.objectNode().put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "RoleBinding"), "runner", ns);
        binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "Role").put("name", "runner");
        binding.putArray("subjects").addObject().put("kind", "ServiceAccount").put("name", "runner").put("namespace", ns);
        out.add(binding);
        for (int i = 0; i < PER_KIND; i++) {
            String name = "app" + i;
            out.add(deployment(name, ns));
            ObjectNode svc = meta(F.objectNode().put("apiVersion", "v1").put("kind", "Service"), name, ns);
            ObjectNode sspec = svc.putObject("spec");
            sspec.putObject("selector").put("app.kubernetes.io/name", name);
            sspec.putArray("ports").addObject().put("name", "http").put("port", 80).put("targetPort", 8080).put("protocol", "TCP");
            ((ArrayNode) sspec.get("ports")).addObject().put("name", "grpc").put("port", 9090).put("targetPort", 9090).put("protocol", "TCP");
            out.add(svc);
            ObjectNode cm = meta(F.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap"), name, ns);
            ObjectNode data = cm.putObject("data");
            for (int k = 0; k < 20; k++) {
                data.put("key" + k, "value " + k + " of " + name + ", long enough to be a setting a component reads at start");
            }
            out.add(cm);
        }
        for (Obj crd : crds) {
            String group = crd.body.path("spec").path("group").asText();
            ObjectNode cr = meta(F.objectNode().put("apiVersion", group + "/v1").put("kind", "Widget"), "widget", ns);
            ObjectNode s = cr.putObject("spec").put("field1", "x");
            s.putObject("nested0").put("field1", "y").putArray("list1").add("a").add("b");
            out.add(cr);
        }
        return out;
    }

    private static ObjectNode deployment(String name, String ns) {
        ObjectNode d = meta(F.objectNode().put("apiVersion", "apps/v1").put("kind", "Deployment"), name, ns);
        ObjectNode spec = d.putObject("spec").put("replicas", 1);
        spec.putObject("selector").putObject("matchLabels").put("app.kubernetes.io/name", name);
        ObjectNode tpl = spec.putObject("template");
        tpl.putObject("metadata").putObject("labels").put("app.kubernetes.io/name", name);
        ObjectNode pod = tpl.putObject("spec").put("serviceAccountName", "runner");
        ArrayNode containers = pod.putArray("containers");
        for (String c : List.of("main", "sidecar")) {
            ObjectNode ct = containers.addObject().put("name", c).put("image", "registry.example.com/" + name + "/" + c + ":1.0.0");
            ct.putArray("ports").addObject().put("name", "http").put("containerPort", 8080).put("protocol", "TCP");
            ArrayNode env = ct.putArray("env");
            for (int e = 0; e < 8; e++) {
                env.addObject().put("name", "SETTING_" + e).put("value", "value-" + e);
            }
            ct.putObject("resources").<ObjectNode>set("requests", F.objectNode().put("cpu", "100m").put("memory", "128Mi"))
                    .set("limits", F.objectNode().put("memory", "256Mi"));
            ct.putArray("volumeMounts").addObject().put("name", "config").put("mountPath", "/etc/" + c);
            ct.putObject("readinessProbe").put("periodSeconds", 10).putObject("httpGet").put("path", "/healthz").put("port", 8080);
        }
        pod.putArray("volumes").addObject().put("name", "config").putObject("configMap").put("name", name);
        return d;
    }
}
