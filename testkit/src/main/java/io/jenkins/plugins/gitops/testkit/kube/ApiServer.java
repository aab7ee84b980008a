package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HTTP face of the emulator: routes Kubernetes REST paths to {@link ResourceApi}, serves
 * discovery, streams watches over chunked HTTP (kubectl) and WebSocket (fabric8), and applies
 * {@link Faults}. Work runs off the event loop on a small pool so a large apply never stalls
 * a watch.
 */
final class ApiServer implements AutoCloseable {

    private static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private final ResourceApi api;
    private final Faults faults;
    private final RequestLog requests;
    private final Vertx vertx;
    private final ExecutorService workers;
    private HttpServer server;

    ApiServer(ResourceApi api, Faults faults, RequestLog requests) {
        this.api = api;
        this.faults = faults;
        this.requests = requests;
        this.vertx = Vertx.vertx();
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "kube-emulator-api");
            t.setDaemon(true);
            return t;
        });
    }

    int start(String host, int port) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                .setMaxWebSocketFrameSize(MAX_MESSAGE).setMaxWebSocketMessageSize(MAX_MESSAGE)
                .setMaxFormAttributeSize(-1).setMaxHeaderSize(64 * 1024);
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        try {
            return server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the emulator", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the emulator could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void handle(HttpServerRequest req) {
        Context ctx = vertx.getOrCreateContext();
        boolean upgrade = "websocket".equalsIgnoreCase(req.getHeader("Upgrade"));
        boolean watch = upgrade || "true".equals(req.getParam("watch")) || "1".equals(req.getParam("watch"));
        boolean discovery = ApiPathKind.isDiscovery(req.path());
        boolean write = !req.method().name().equals("GET") && !req.method().name().equals("HEAD");
        Faults.Fault fault = faults.draw(write, discovery || watch);
        if (fault != Faults.Fault.NONE) {
            requests.record("fault:" + fault.name().toLowerCase(java.util.Locale.ROOT));
            switch (fault) {
                case DROP -> {
                    req.connection().close();
                    return;
                }
                case TOO_MANY_REQUESTS -> {
                    req.response().putHeader("Retry-After", Integer.toString(faults.retryAfterSeconds()));
                    send(req.response(), new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later"));
                    return;
                }
                case SERVER_ERROR -> {
                    send(req.response(), new ApiException(500, "InternalError", "Internal error occurred: injected fault"));
                    return;
                }
                case CONFLICT -> {
                    send(req.response(), new ApiException(409, "Conflict", "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again"));
                    return;
                }
                default -> {
                }
            }
        }
        if (upgrade) {
            req.toWebSocket().onSuccess(ws -> workers.execute(() -> webSocketWatch(req, ws, ctx)))
                    .onFailure(t -> requests.record("fault:websocket"));
            return;
        }
        long delay = faults.delay(write, req.path()).toMillis();
        req.body().onSuccess(body -> {
            Runnable work = () -> workers.execute(() -> respond(req, body, ctx));
            if (delay > 0) {
                vertx.setTimer(delay, id -> work.run());
            } else {
                work.run();
            }
        });
    }

    private void respond(HttpServerRequest req, Buffer body, Context ctx) {
        HttpServerResponse resp = req.response();
        try {
            String ct = req.getHeader("Content-Type");
            if (ct != null && ct.contains("protobuf") && body.length() > 0) {
                // We speak JSON only. client-go (kubectl) falls back to JSON on 415, as it does with
                // aggregated servers that lack protobuf.
                throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
            }
            if ("true".equals(req.getParam("watch")) || "1".equals(req.getParam("watch"))) {
                httpWatch(req, ctx);
                return;
            }
            Optional<ApiPath> logPath = logPath(req.path());
            if (logPath.isPresent()) {
                byte[] text = podLog(logPath.get(), req);
                ctx.runOnContext(v -> resp.setStatusCode(200).putHeader("Content-Type", "text/plain").end(Buffer.buffer(text)));
                return;
            }
            JsonNode answer = route(req, body.getBytes());
            int code = req.method().name().equals("POST") && !isStatus(answer) ? 201 : 200;
            ctx.runOnContext(v -> resp.setStatusCode(code).putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.bytes(answer))));
        } catch (ApiException e) {
            ctx.runOnContext(v -> send(resp, e));
        } catch (IllegalArgumentException e) {
            ctx.runOnContext(v -> send(resp, ApiException.badRequest(e.getMessage())));
        } catch (RuntimeException e) {
            ctx.runOnContext(v -> send(resp, new ApiException(500, "InternalError", "Internal error occurred: " + e)));
        }
    }

    private static boolean isStatus(JsonNode n) {
        return n.path("kind").asText().equals("Status");
    }

    private static void send(HttpServerResponse resp, ApiException e) {
        resp.setStatusCode(e.code()).putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.bytes(e.status())));
    }

    private JsonNode route(HttpServerRequest req, byte[] body) {
        String path = req.path();
        String method = req.method().name();
        Optional<JsonNode> discovery = discovery(path);
        if (discovery.isPresent()) {
            requests.record("discovery");
            if (!method.equals("GET")) {
                throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            }
            return discovery.get();
        }
        ApiPath p = ApiPath.parse(path, api.types())
                .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource"));
        MultiMap q = req.params();
        boolean dryRun = "All".equals(q.get("dryRun"));
        boolean apply = method.equals("PATCH") && String.valueOf(req.getHeader("Content-Type")).startsWith("application/apply-patch");
        // apply names its manager explicitly; other writes default to the User-Agent's program, as kube-apiserver does
        WriteOptions opts = new WriteOptions(apply ? q.get("fieldManager") : manager(req), "true".equals(q.get("force")), dryRun, p.version());
        String ns = p.namespace();
        if (p.name() == null) {
            return switch (method) {
                case "GET" -> {
                    requests.record("list", p.type());
                    yield api.list(p.type(), ns, LabelSelector.parse(q.get("labelSelector")), FieldSelector.parse(q.get("fieldSelector")),
                            parseLong(q.get("limit")), q.get("continue"), p.version());
                }
                case "POST" -> {
                    requests.record("create", p.type());
                    yield api.create(p.type(), ns, Json.parseObject(body, req.getHeader("Content-Type")), opts);
                }
                case "DELETE" -> {
                    requests.record("deletecollection", p.type());
                    yield api.deleteCollection(p.type(), ns, LabelSelector.parse(q.get("labelSelector")), FieldSelector.parse(q.get("fieldSelector")),
                            deleteOptions(q, body), dryRun, p.version());
                }
                default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            };
        }
        if (p.subresource() != null && !p.subresource().equals("status")) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource (subresource " + p.subresource() + ")");
        }
        return switch (method) {
            case "GET" -> {
                requests.record("get", p.type());
                yield api.get(p.type(), ns, p.name(), p.version());
            }
            case "PUT" -> {
                requests.record("update", p.type());
                yield api.update(p.type(), ns, p.name(), Json.parseObject(body, req.getHeader("Content-Type")), p.subresource(), opts);
            }
            case "PATCH" -> {
                String ct = req.getHeader("Content-Type");
                requests.record(ct != null && ct.startsWith("application/apply-patch") ? "apply" : "patch", p.type());
                yield api.patch(p.type(), ns, p.name(), ct, body, p.subresource(), opts);
            }
            case "DELETE" -> {
                requests.record("delete", p.type());
                yield api.delete(p.type(), ns, p.name(), deleteOptions(q, body), dryRun, p.version());
            }
            default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        };
    }

    /** {@code /api/v1/namespaces/{ns}/pods/{name}/log}, or empty for any other path. */
    private Optional<ApiPath> logPath(String path) {
        if (!path.startsWith("/api/v1/") || !path.endsWith("/log")) {
            return Optional.empty();
        }
        return ApiPath.parse(path, api.types())
                .filter(p -> "log".equals(p.subresource()) && p.type().group().isEmpty() && p.type().kind().equals("Pod"));
    }

    /**
     * A container's log as kube-apiserver serves it: plain text, the last {@code tailLines}
     * lines, {@code timestamps} as RFC 3339 prefixes, cut at {@code limitBytes}; 404 for a
     * missing pod, 400 for a container that is not the pod's or a previous run that never was.
     */
    private byte[] podLog(ApiPath p, HttpServerRequest req) {
        if (!req.method().name().equals("GET")) {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }
        requests.record("log");
        MultiMap q = req.params();
        ObjectNode pod = api.get(p.type(), p.namespace(), p.name(), p.version());
        List<String> containers = new java.util.ArrayList<>();
        List<String> inits = new java.util.ArrayList<>();
        pod.path("spec").path("containers").forEach(c -> containers.add(c.path("name").asText()));
        pod.path("spec").path("initContainers").forEach(c -> inits.add(c.path("name").asText()));
        String container = q.get("container");
        if (container == null || container.isEmpty()) {
            if (containers.size() != 1) {
                throw ApiException.badRequest("a container name must be specified for pod " + p.name() + ", choose one of: ["
                        + String.join(" ", containers) + "]" + (inits.isEmpty() ? "" : " or one of the init containers: [" + String.join(" ", inits) + "]"));
            }
            container = containers.get(0);
        } else if (!containers.contains(container) && !inits.contains(container)) {
            throw ApiException.badRequest("container " + container + " is not valid for pod " + p.name());
        }
        boolean previous = "true".equals(q.get("previous")) || "1".equals(q.get("previous"));
        String c = container;
        List<PodLogs.Line> lines = api.podLogs().get(p.namespace(), p.name(), container, previous).orElseThrow(() -> previous
                ? ApiException.badRequest("previous terminated container \"" + c + "\" in pod \"" + p.name() + "\" not found")
                : ApiException.badRequest("container \"" + c + "\" in pod \"" + p.name() + "\" is waiting to start: " + waitingReason(pod, c)));
        Long tail = optionalLong(q, "tailLines");
        Long limit = optionalLong(q, "limitBytes");
        if (tail != null && tail < 0 || limit != null && limit <= 0) {
            throw new ApiException(422, "Invalid", "PodLogOptions \"" + p.name() + "\" is invalid: "
                    + (tail != null && tail < 0 ? "tailLines: Invalid value: " + tail + ": must be greater than or equal to 0"
                            : "limitBytes: Invalid value: " + limit + ": must be greater than 0"));
        }
        if (tail != null && tail < lines.size()) {
            lines = lines.subList(lines.size() - tail.intValue(), lines.size());
        }
        boolean timestamps = "true".equals(q.get("timestamps")) || "1".equals(q.get("timestamps"));
        StringBuilder out = new StringBuilder();
        for (PodLogs.Line line : lines) {
            if (timestamps) {
                out.append(RFC3339_NANO.format(line.time())).append(' ');
            }
            out.append(line.text()).append('\n');
        }
        byte[] bytes = out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return limit != null && limit < bytes.length ? java.util.Arrays.copyOf(bytes, limit.intValue()) : bytes;
    }

    private static Long optionalLong(MultiMap q, String name) {
        String s = q.get(name);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("couldn't parse \"" + name + "\": strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
        }
    }

    private static final java.time.format.DateTimeFormatter RFC3339_NANO =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(java.time.ZoneOffset.UTC);

    private static String waitingReason(JsonNode pod, String container) {
        for (String list : List.of("containerStatuses", "initContainerStatuses")) {
            for (JsonNode s : pod.path("status").path(list)) {
                if (s.path("name").asText().equals(container)) {
                    String reason = s.path("state").path("waiting").path("reason").asText("");
                    if (reason.equals("ImagePullBackOff") || reason.equals("ErrImagePull")) {
                        return "trying and failing to pull image";
                    }
                    return reason.isEmpty() ? "ContainerCreating" : reason;
                }
            }
        }
        return "ContainerCreating";
    }

    private Optional<JsonNode> discovery(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/version")) {
            ObjectNode v = JsonNodeFactory.instance.objectNode().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-gitops-emulator")
                    .put("gitCommit", "emulator").put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z")
                    .put("goVersion", "go1.23").put("compiler", "gc").put("platform", "linux/amd64");
            return Optional.of(v);
        }
        if (p.equals("/api")) {
            return Optional.of(api.types().coreVersions());
        }
        if (p.equals("/apis")) {
            return Optional.of(api.types().groups());
        }
        if (p.startsWith("/openapi") || p.startsWith("/swagger")) {
            throw new ApiException(404, "NotFound", "the emulator serves no OpenAPI document; use --validate=false");
        }
        if (p.equals("/healthz") || p.equals("/livez") || p.equals("/readyz")) {
            return Optional.of(JsonNodeFactory.instance.textNode("ok"));
        }
        List<String> s = java.util.Arrays.stream(p.split("/")).filter(x -> !x.isEmpty()).toList();
        if (s.size() == 2 && s.get(0).equals("api")) {
            return Optional.of(api.types().resources("", s.get(1))
                    .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource")));
        }
        if (s.size() == 2 && s.get(0).equals("apis")) {
            return Optional.of(api.types().group(s.get(1))
                    .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource")));
        }
        if (s.size() == 3 && s.get(0).equals("apis")) {
            return Optional.of(api.types().resources(s.get(1), s.get(2))
                    .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource")));
        }
        return Optional.empty();
    }

    /** The field manager of a write: the parameter, or the User-Agent's program name as kube-apiserver derives it. */
    private static String manager(HttpServerRequest req) {
        String m = req.getParam("fieldManager");
        if (m != null && !m.isEmpty()) {
            return m;
        }
        String ua = req.getHeader("User-Agent");
        if (ua == null || ua.isEmpty()) {
            return "unknown";
        }
        int slash = ua.indexOf('/');
        return slash > 0 ? ua.substring(0, slash) : ua;
    }

    private static DeleteOptions deleteOptions(MultiMap q, byte[] body) {
        String policy = q.get("propagationPolicy");
        String uid = null;
        String rv = null;
        if (body != null && body.length > 0) {
            JsonNode opts = Json.parse(body, "application/json");
            if (policy == null && opts.path("propagationPolicy").isTextual()) {
                policy = opts.path("propagationPolicy").asText();
            }
            if (policy == null && opts.has("orphanDependents")) {
                policy = opts.path("orphanDependents").asBoolean() ? "Orphan" : "Background";
            }
            uid = opts.path("preconditions").path("uid").isTextual() ? opts.path("preconditions").path("uid").asText() : null;
            rv = opts.path("preconditions").path("resourceVersion").isTextual() ? opts.path("preconditions").path("resourceVersion").asText() : null;
        }
        if (policy != null && !List.of("Background", "Foreground", "Orphan").contains(policy)) {
            throw ApiException.badRequest("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        return new DeleteOptions(policy == null ? "Background" : policy, uid, rv);
    }

    private static long parseLong(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a number, got \"" + s + "\"");
        }
    }

    // ---------------------------------------------------------------- watches

    private void httpWatch(HttpServerRequest req, Context ctx) {
        HttpServerResponse resp = req.response();
        // An empty write sends the head at once, as kube-apiserver flushes it: client-go (kubectl wait)
        // waits for the response head before it looks at the objects it already listed.
        ctx.runOnContext(v -> resp.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json").write(Buffer.buffer()));
        Consumer<ObjectNode> sink = ev -> {
            Buffer b = Buffer.buffer(Json.bytes(ev)).appendString("\n");
            ctx.runOnContext(v -> {
                if (!resp.ended() && !resp.closed()) {
                    resp.write(b);
                }
            });
        };
        Runnable cancel = openWatch(req, sink, () -> ctx.runOnContext(v -> {
            if (!resp.ended() && !resp.closed()) {
                resp.end();
            }
        }));
        resp.closeHandler(v -> cancel.run());
        req.connection().closeHandler(v -> cancel.run());
    }

    private void webSocketWatch(HttpServerRequest req, ServerWebSocket ws, Context ctx) {
        Consumer<ObjectNode> sink = ev -> {
            String text = Json.compact(ev);
            ctx.runOnContext(v -> {
                if (!ws.isClosed()) {
                    ws.writeTextMessage(text);
                }
            });
        };
        try {
            Runnable cancel = openWatch(req, sink, () -> ctx.runOnContext(v -> {
                if (!ws.isClosed()) {
                    ws.close();
                }
            }));
            try {
                ws.closeHandler(v -> cancel.run());
            } catch (IllegalStateException closed) {
                // the client hung up while the watch was being opened (Vert.x refuses a close handler on a closed
                // WebSocket): end the watch now, instead of leaking its subscription and printing a stack trace
                cancel.run();
            }
        } catch (ApiException e) {
            ctx.runOnContext(v -> ws.writeTextMessage(Json.compact(Watch.event("ERROR", e.status()))).onComplete(x -> ws.close()));
        }
    }

    /**
     * Opens a watch: the current objects as ADDED (or the events since the requested version),
     * then every matching change. Returns what cancels it; {@code end} is called on timeout.
     */
    private Runnable openWatch(HttpServerRequest req, Consumer<ObjectNode> sink, Runnable end) {
        ApiPath p = ApiPath.parse(req.path(), api.types())
                .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource"));
        MultiMap q = req.params();
        LabelSelector labels = LabelSelector.parse(q.get("labelSelector"));
        FieldSelector fields = FieldSelector.parse(q.get("fieldSelector"));
        if (p.name() != null) {
            String byName = "metadata.name=" + p.name();
            fields = FieldSelector.parse(q.get("fieldSelector") == null ? byName : q.get("fieldSelector") + "," + byName);
        }
        Watch watch = new Watch(api, p.type(), p.namespace(), labels, fields, p.version(), sink::accept);
        String rv = q.get("resourceVersion");
        boolean initial = "true".equals(q.get("sendInitialEvents"));
        Store store = api.store();
        store.lock().lock();
        try {
            if (rv == null || rv.isEmpty() || rv.equals("0") || initial) {
                for (JsonNode item : api.list(p.type(), p.namespace(), labels, fields, 0, null, p.version()).path("items")) {
                    sink.accept(Watch.event("ADDED", (ObjectNode) item));
                }
                if (initial) {
                    ObjectNode bookmark = JsonNodeFactory.instance.objectNode().put("apiVersion", p.type().apiVersion(p.version())).put("kind", p.type().kind());
                    Json.obj(bookmark, "metadata").put("resourceVersion", Long.toString(store.resourceVersion()))
                            .putObject("annotations").put("k8s.io/initial-events-end", "true");
                    sink.accept(Watch.event("BOOKMARK", bookmark));
                }
            } else {
                long from = parseLong(rv);
                List<WatchEvent> missed = store.since(from);
                if (missed == null) {
                    sink.accept(Watch.gone(from, store.resourceVersion()));
                    end.run();
                    return () -> { };
                }
                missed.forEach(watch);
            }
            store.subscribe(watch);
            // counted once subscribed, so a test that waits for the count knows no event can be missed
            requests.record("watch");
        } finally {
            store.lock().unlock();
        }
        long timeout = parseLong(q.get("timeoutSeconds"));
        long timer = timeout > 0 ? vertx.setTimer(timeout * 1000, id -> {
            store.unsubscribe(watch);
            end.run();
        }) : -1;
        return () -> {
            store.unsubscribe(watch);
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        };
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // closing is best effort; the JVM may be on its way out
        } finally {
            workers.shutdownNow();
        }
    }

    /** Which paths are discovery, for fault injection that spares them. */
    static final class ApiPathKind {
        private ApiPathKind() {
        }

        static boolean isDiscovery(String path) {
            String[] s = java.util.Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toArray(String[]::new);
            return s.length == 0 || (s[0].equals("api") && s.length <= 2) || (s[0].equals("apis") && s.length <= 3)
                    || !(s[0].equals("api") || s[0].equals("apis"));
        }
    }
}
