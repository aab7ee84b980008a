package io.jenkins.plugins.gitops.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.net.ExtraCas;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Kubeflow Model Registry through its REST API ({@code /api/model_registry/v1alpha3}):
 * a registered model by name, its versions newest first (paged), a version's artifacts. Read only.
 */
public final class ModelRegistryClient {

    static final String API = "/api/model_registry/v1alpha3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;

    private final ModelRegistryOptions options;
    private final HttpClient http;

    public ModelRegistryClient(ModelRegistryOptions options) {
        this.options = options;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(options.timeout()).followRedirects(HttpClient.Redirect.NORMAL);
        if (options.caCertificates() != null) {
            try {
                b.sslContext(ExtraCas.sslContext(options.caCertificates()));
            } catch (IOException | GeneralSecurityException e) {
                throw new ModelRegistryException("model registry " + options.url() + ": cannot read CA file "
                        + options.caCertificates() + ": " + e.getMessage(), e);
            }
        }
        this.http = b.build();
    }

    /** The registered model called {@code name}; a 404 becomes an error naming the model and the registry. */
    public RegisteredModel registeredModel(String name) {
        JsonNode m = get(API + "/registered_model?name=" + enc(name), "registered model '" + name + "'");
        return new RegisteredModel(m.path("id").asText(), m.path("name").asText(name), m.path("state").asText("LIVE"));
    }

    /**
     * The versions of a model, newest first, page by page, stopping as soon as {@code stop} accepts one
     * (so finding the newest release costs one request in the usual case).
     */
    public List<ModelVersion> versions(RegisteredModel model, java.util.function.Predicate<ModelVersion> stop) {
        List<ModelVersion> out = new ArrayList<>();
        String token = "";
        for (int page = 0; page < 1000; page++) {
            JsonNode list = get(API + "/registered_models/" + enc(model.id()) + "/versions?orderBy=CREATE_TIME&sortOrder=DESC&pageSize="
                    + PAGE + (token.isEmpty() ? "" : "&nextPageToken=" + enc(token)), "versions of model '" + model.name() + "'");
            for (JsonNode item : list.path("items")) {
                ModelVersion v = version(item);
                out.add(v);
                if (stop.test(v)) {
                    return out;
                }
            }
            token = list.path("nextPageToken").asText("");
            if (token.isEmpty() || list.path("items").isEmpty()) {
                return out;
            }
        }
        return out;
    }

    /** The model artifact of a version (the first one of type {@code model-artifact}), if it has one. */
    public Optional<ModelArtifact> modelArtifact(ModelVersion version) {
        JsonNode list = get(API + "/model_versions/" + enc(version.id()) + "/artifacts?pageSize=" + PAGE,
                "artifacts of model version '" + version.name() + "'");
        for (JsonNode a : list.path("items")) {
            if ("model-artifact".equals(a.path("artifactType").asText("model-artifact"))) {
                return Optional.of(new ModelArtifact(a.path("id").asText(), a.path("name").asText(), a.path("uri").asText(""),
                        a.path("modelFormatName").asText(""), a.path("modelFormatVersion").asText("")));
            }
        }
        return Optional.empty();
    }

    static ModelVersion version(JsonNode v) {
        Map<String, String> props = new LinkedHashMap<>();
        v.path("customProperties").fields().forEachRemaining(e -> props.put(e.getKey(), metadataValue(e.getValue())));
        long created = v.path("createTimeSinceEpoch").asLong(0);
        return new ModelVersion(v.path("id").asText(), v.path("name").asText(), v.path("registeredModelId").asText(),
                v.path("state").asText("LIVE"), v.path("author").asText(""), created, props);
    }

    /** A MetadataValue ({@code {"metadataType": "MetadataStringValue", "string_value": "x"}}) as a string. */
    static String metadataValue(JsonNode value) {
        for (String field : List.of("string_value", "int_value", "double_value", "bool_value")) {
            if (value.has(field)) {
                return value.get(field).asText();
            }
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private JsonNode get(String pathAndQuery, String what) {
        URI uri = URI.create(options.url() + pathAndQuery);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(options.timeout()).header("Accept", "application/json").GET();
        if (!options.token().isEmpty()) {
            req.header("Authorization", "Bearer " + options.token());
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ModelRegistryException("model registry " + options.url() + ": no answer within " + options.timeout().toSeconds()
                    + " s reading " + what, e);
        } catch (ConnectException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
            throw new ModelRegistryException("model registry " + options.url() + ": cannot connect to " + uri.getHost() + ":"
                    + (uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80) + " (" + why
                    + "); check the URL and that the service is reachable from this agent", e);
        } catch (IOException e) {
            throw new ModelRegistryException("model registry " + options.url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelRegistryException("model registry " + options.url() + ": interrupted reading " + what, e);
        }
        int status = resp.statusCode();
        if (status == 401 || status == 403) {
            throw new ModelRegistryException("model registry " + options.url() + " refused " + (options.token().isEmpty()
                    ? "an anonymous request (it needs a token)" : "the token") + " reading " + what + " (HTTP " + status + ")", status);
        }
        if (status == 404) {
            throw new ModelRegistryException("model registry " + options.url() + ": no " + what + " (HTTP 404" + detail(resp.body()) + ")", 404);
        }
        if (status / 100 != 2) {
            throw new ModelRegistryException("model registry " + options.url() + ": HTTP " + status + " reading " + what + detail(resp.body()),
                    status);
        }
        try {
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new ModelRegistryException("model registry " + options.url() + ": " + what + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** The server's own error message ({@code {"code": ..., "message": ...}}), short. */
    private static String detail(String body) {
        try {
            String m = JSON.readTree(body).path("message").asText("");
            return m.isEmpty() ? "" : ": " + (m.length() > 300 ? m.substring(0, 300) + "..." : m);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
