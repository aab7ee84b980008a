package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A raw HTTP client for conformance tests: exact methods, content types and status codes, no client library in between. */
final class Http {

    static final String APPLY = "application/apply-patch+yaml";
    static final String MERGE = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    record Response(int code, JsonNode body, java.net.http.HttpHeaders headers) {
        String message() {
            return body.path("message").asText();
        }
    }

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Http(KubeEmulator kube) {
        this.base = kube.url();
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    /** A GET whose answer may not be JSON (pod logs): status code, body as text, content type. */
    record Text(int code, String body, String contentType) {
    }

    Text text(String path) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "conformance-test/1.0").GET().build();
        try {
            HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
            return new Text(resp.statusCode(), resp.body(), resp.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response post(String path, JsonNode body) {
        return send("POST", path, "application/json", body.toString());
    }

    Response put(String path, JsonNode body) {
        return send("PUT", path, "application/json", body.toString());
    }

    Response patch(String path, String contentType, JsonNode body) {
        return send("PATCH", path, contentType, body.toString());
    }

    /** Server-side apply of a YAML document as {@code manager}. */
    Response apply(String path, String manager, String yaml) {
        return apply(path, manager, false, yaml);
    }

    Response apply(String path, String manager, boolean force, String yaml) {
        String sep = path.contains("?") ? "&" : "?";
        return send("PATCH", path + sep + "fieldManager=" + manager + (force ? "&force=true" : ""), APPLY, yaml);
    }

    Response delete(String path, JsonNode options) {
        return send("DELETE", path, "application/json", options == null ? null : options.toString());
    }

    Response send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "conformance-test/1.0");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(r.body());
            return new Response(r.statusCode(), json, r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client() {
        return client;
    }

    String base() {
        return base;
    }
}
