package io.jenkins.plugins.gitops.testkit.modelregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory stand-in for the Kubeflow Model Registry REST API ({@code /api/model_registry/v1alpha3}),
 * on loopback. The real server needs ML Metadata and a database, which a unit test cannot start; this
 * one serves the subset a deployment pipeline uses, with the real paths, JSON shapes, paging
 * ({@code pageSize}, {@code nextPageToken}), ordering ({@code orderBy=CREATE_TIME|LAST_UPDATE_TIME|ID},
 * {@code sortOrder}), error bodies ({@code {"code", "message"}}) and optional bearer-token auth:
 *
 * <ul>
 *   <li>{@code GET/POST /registered_models}, {@code GET /registered_model?name=}</li>
 *   <li>{@code GET/POST /registered_models/{id}/versions}, {@code POST /model_versions}, {@code PATCH /model_versions/{id}}</li>
 *   <li>{@code GET/POST /model_versions/{id}/artifacts}</li>
 * </ul>
 * Tests register models through the same REST calls a training pipeline makes ({@link #register}).
 * {@link #requests()} lists the paths served, to prove what a client asked.
 */
public final class ModelRegistryServer implements AutoCloseable {

    public static final String API = "/api/model_registry/v1alpha3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONS = Pattern.compile(API + "/registered_models/(\\d+)/versions");
    private static final Pattern VERSION = Pattern.compile(API + "/model_versions/(\\d+)");
    private static final Pattern ARTIFACTS = Pattern.compile(API + "/model_versions/(\\d+)/artifacts");

    private final HttpServer http;
    private final ExecutorService executor;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, ObjectNode> models = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> versions = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> artifacts = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Optional<String> token = Optional.empty();
    private volatile LongSupplier clock = System::currentTimeMillis;

    private ModelRegistryServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    public static ModelRegistryServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "model-registry-emulator");
            t.setDaemon(true);
            return t;
        });
        ModelRegistryServer server = new ModelRegistryServer(http, executor);
        http.createContext(API, server::handle);
        http.setExecutor(executor);
        http.start();
        return server;
    }

    /** Every request must carry {@code Authorization: Bearer token}, else 401. */
    public ModelRegistryServer requireToken(String bearer) {
        token = Optional.of(bearer);
        return this;
    }

    /** The creation-time clock (epoch millis), so tests can order versions deterministically. */
    public ModelRegistryServer clock(LongSupplier millis) {
        clock = millis;
        return this;
    }

    public String url() {
        return "http://" + http.getAddress().getHostString() + ":" + http.getAddress().getPort();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Registers a version as a training pipeline would (model created on first use), with one model
     * artifact and string custom properties. Returns the version's id.
     */
    public String register(String model, String version, String uri, String format, Map<String, String> properties) {
        ObjectNode m = models.values().stream().filter(n -> n.path("name").asText().equals(model)).findFirst()
                .orElseGet(() -> createModel(JSON.createObjectNode().put("name", model)));
        ObjectNode body = JSON.createObjectNode().put("name", version).put("registeredModelId", m.path("id").asText()).put("author", "ci");
        ObjectNode props = body.putObject("customProperties");
        properties.forEach((k, v) -> props.putObject(k).put("metadataType", "MetadataStringValue").put("string_value", v));
        ObjectNode v = createVersion(body);
        ObjectNode a = JSON.createObjectNode().put("artifactType", "model-artifact").put("name", version).put("uri", uri)
                .put("modelFormatName", format).put("modelFormatVersion", "1");
        addArtifact(v.path("id").asText(), a);
        return v.path("id").asText();
    }

    /** Marks a version ARCHIVED, as {@code PATCH /model_versions/{id}} does. */
    public void archive(String versionId) {
        ObjectNode v = versions.get(versionId);
        v.put("state", "ARCHIVED").put("lastUpdateTimeSinceEpoch", String.valueOf(clock.getAsLong()));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
            requests.add(ex.getRequestMethod() + " " + path + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
            if (token.isPresent() && !("Bearer " + token.get()).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, error("unauthorized", "missing or invalid bearer token"));
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String method = ex.getRequestMethod();
            Matcher m;
            if (path.equals(API + "/registered_model") && method.equals("GET")) {
                Optional<ObjectNode> found = models.values().stream().filter(n -> n.path("name").asText().equals(q.get("name"))).findFirst();
                send(ex, found.isPresent() ? 200 : 404, found.isPresent() ? found.get()
                        : error("not-found", "no registered models found for name=" + q.get("name")));
            } else if (path.equals(API + "/registered_models") && method.equals("GET")) {
                send(ex, 200, page(new ArrayList<>(models.values()), q));
            } else if (path.equals(API + "/registered_models") && method.equals("POST")) {
                send(ex, 201, createModel((ObjectNode) JSON.readTree(ex.getRequestBody())));
            } else if ((m = VERSIONS.matcher(path)).matches()) {
                String modelId = m.group(1);
                if (!models.containsKey(modelId)) {
                    send(ex, 404, error("not-found", "no registered model found for id " + modelId));
                } else if (method.equals("POST")) {
                    ObjectNode body = (ObjectNode) JSON.readTree(ex.getRequestBody());
                    send(ex, 201, createVersion(body.put("registeredModelId", modelId)));
                } else {
                    send(ex, 200, page(versions.values().stream().filter(v -> v.path("registeredModelId").asText().equals(modelId)).toList(), q));
                }
            } else if (path.equals(API + "/model_versions") && method.equals("POST")) {
                send(ex, 201, createVersion((ObjectNode) JSON.readTree(ex.getRequestBody())));
            } else if ((m = ARTIFACTS.matcher(path)).matches()) {
                String id = m.group(1);
                if (!versions.containsKey(id)) {
                    send(ex, 404, error("not-found", "no model version found for id " + id));
                } else if (method.equals("POST")) {
                    send(ex, 201, addArtifact(id, (ObjectNode) JSON.readTree(ex.getRequestBody())));
                } else {
                    send(ex, 200, page(artifacts.getOrDefault(id, List.of()), q));
                }
            } else if ((m = VERSION.matcher(path)).matches()) {
                ObjectNode v = versions.get(m.group(1));
                if (v == null) {
                    send(ex, 404, error("not-found", "no model version found for id " + m.group(1)));
                } else if (method.equals("PATCH")) {
                    JSON.readerForUpdating(v).readValue(ex.getRequestBody());
                    v.put("lastUpdateTimeSinceEpoch", String.valueOf(clock.getAsLong()));
                    send(ex, 200, v);
                } else {
                    send(ex, 200, v);
                }
            } else {
                send(ex, 404, error("not-found", "no route " + method + " " + path + " in this emulator"));
            }
        } catch (IOException | RuntimeException e) {
            send(ex, 400, error("bad-request", String.valueOf(e.getMessage())));
        }
    }

    private synchronized ObjectNode createModel(ObjectNode body) {
        String id = String.valueOf(ids.incrementAndGet());
        stamp(body, id).put("state", body.path("state").asText("LIVE"));
        models.put(id, body);
        return body;
    }

    private synchronized ObjectNode createVersion(ObjectNode body) {
        String modelId = body.path("registeredModelId").asText();
        if (!models.containsKey(modelId)) {
            throw new IllegalArgumentException("registeredModelId " + modelId + " does not exist");
        }
        String id = String.valueOf(ids.incrementAndGet());
        stamp(body, id).put("state", body.path("state").asText("LIVE"));
        versions.put(id, body);
        return body;
    }

    private synchronized ObjectNode addArtifact(String versionId, ObjectNode body) {
        stamp(body, String.valueOf(ids.incrementAndGet()));
        if (!body.has("artifactType")) {
            body.put("artifactType", "model-artifact");
        }
        artifacts.computeIfAbsent(versionId, k -> new CopyOnWriteArrayList<>()).add(body);
        return body;
    }

    private ObjectNode stamp(ObjectNode body, String id) {
        String now = String.valueOf(clock.getAsLong());
        return body.put("id", id).put("createTimeSinceEpoch", now).put("lastUpdateTimeSinceEpoch", now);
    }

    /** A list response: sorted as asked, {@code pageSize} items from the {@code nextPageToken} offset. */
    private static ObjectNode page(List<ObjectNode> all, Map<String, String> q) {
        String field = switch (q.getOrDefault("orderBy", "ID")) {
            case "CREATE_TIME" -> "createTimeSinceEpoch";
            case "LAST_UPDATE_TIME" -> "lastUpdateTimeSinceEpoch";
            case "ID" -> "id";
            default -> throw new IllegalArgumentException("invalid orderBy " + q.get("orderBy"));
        };
        Comparator<ObjectNode> order = Comparator.<ObjectNode>comparingLong(n -> n.path(field).asLong())
                .thenComparingLong(n -> n.path("id").asLong());
        if ("DESC".equals(q.getOrDefault("sortOrder", "ASC"))) {
            order = order.reversed();
        }
        List<ObjectNode> sorted = all.stream().sorted(order).toList();
        int size = Integer.parseInt(q.getOrDefault("pageSize", "100"));
        int from = q.containsKey("nextPageToken") && !q.get("nextPageToken").isEmpty() ? Integer.parseInt(q.get("nextPageToken")) : 0;
        List<ObjectNode> items = sorted.subList(Math.min(from, sorted.size()), Math.min(from + size, sorted.size()));
        ObjectNode list = JSON.createObjectNode();
        ArrayNode arr = list.putArray("items");
        items.forEach(arr::add);
        list.put("pageSize", size).put("size", items.size()).put("nextPageToken", from + size < sorted.size() ? String.valueOf(from + size) : "");
        return list;
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
