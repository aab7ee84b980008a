package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Requests to one API server over fabric8's HTTP client (so the plugin's okhttp transport, TLS,
 * token refresh and exec credentials apply), each counted in an {@link ApiCallCounter} under its
 * verb and retried per {@link RetryPolicy}; and watches, whose events are parsed with the
 * JVM-wide {@link Cluster#JSON} mapper on the reader thread (no executor hop, no per-client
 * deserializer cache to warm up). Failures are {@link KubeApiException}s naming the subject.
 */
final class ApiTransport {

    private final HttpClient http;
    private final String base;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final ApiCallCounter calls;

    ApiTransport(HttpClient http, String masterUrl, RetryPolicy retry, Duration timeout, ApiCallCounter calls) {
        this.http = http;
        this.base = masterUrl.endsWith("/") ? masterUrl.substring(0, masterUrl.length() - 1) : masterUrl;
        this.retry = retry;
        this.timeout = timeout;
        this.calls = calls;
    }

    String base() {
        return base;
    }

    RetryPolicy retry() {
        return retry;
    }

    ApiCallCounter calls() {
        return calls;
    }

    JsonNode send(String verb, String subject, String method, String path, String contentType, byte[] body) {
        byte[] data = exchange(verb, subject, method, path, contentType, body, "application/json");
        return parse(subject, data, d -> d.length == 0 ? Cluster.JSON.createObjectNode() : Cluster.JSON.readTree(d));
    }

    /** A LIST: its answer read without the items' managed fields ({@link ListAnswer}). */
    JsonNode list(String subject, String path) {
        return parse(subject, exchange("list", subject, "GET", path, null, null, "application/json"), ListAnswer::read);
    }

    private interface Reader {
        JsonNode read(byte[] data) throws IOException;
    }

    private static JsonNode parse(String subject, byte[] data, Reader reader) {
        try {
            return reader.read(data);
        } catch (IOException e) {
            throw new KubeApiException(subject + ": the API server's answer is not JSON: " + e.getMessage(), 0, "", e);
        }
    }

    /** A request whose successful answer is not read (null is returned). */
    void sendUnread(String verb, String subject, String method, String path, String contentType, byte[] body) {
        exchange(verb, subject, method, path, contentType, body, "application/json");
    }

    /** A GET whose answer is text (a container's log). */
    String text(String verb, String subject, String path) {
        return new String(exchange(verb, subject, "GET", path, null, null, "*/*"), StandardCharsets.UTF_8);
    }

    private byte[] exchange(String verb, String subject, String method, String path, String contentType, byte[] body, String accept) {
        for (int attempt = 1; ; attempt++) {
            calls.record(verb);
            if (attempt > 1) {
                calls.record("retry");
            }
            Duration retryAfter = Duration.ZERO;
            KubeApiException failure;
            try {
                HttpRequest.Builder b = http.newHttpRequestBuilder().uri(base + path).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .header("Accept", accept);
                if (body != null) {
                    b.method(method, contentType, new String(body, StandardCharsets.UTF_8));
                } else if (!method.equals("GET")) {
                    b.method(method, "application/json", "");
                }
                HttpResponse<byte[]> resp = http.sendAsync(b.build(), byte[].class).get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
                byte[] data = resp.body() == null ? new byte[0] : resp.body();
                if (resp.isSuccessful()) {
                    return data;
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
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                failure = unreachable(subject, cause);
            } catch (RuntimeException e) {
                if (e instanceof KubeApiException k) {
                    throw k;
                }
                // fabric8 throws KubernetesClientException (a token provider, an exec plugin) and IllegalArgumentException (a bad URL)
                throw new KubeApiException(subject + ": cannot send the request to " + base + ": " + e.getMessage(), 0, "", e);
            }
            if (attempt >= retry.attempts()) {
                throw new KubeApiException(failure.getMessage() + " (gave up after " + attempt + " attempts)", failure.code(), failure.reason(), failure);
            }
            pause(retry.backoff(attempt, retryAfter));
        }
    }

    KubeApiException unreachable(String subject, Throwable cause) {
        return new KubeApiException(subject + ": cannot reach the API server at " + base + ": " + cause, 0, "", cause);
    }

    /** A streaming GET that is open; {@link #close()} cancels it. */
    interface Stream extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a watch over a WebSocket (counted once under {@code verb}, not retried: the watch's
     * owner decides) and hands each event, parsed, to {@code event}, one at a time on the HTTP
     * client's reader thread. {@code ended} is called once when the watch ends: with null when the
     * server closed it, else the failure. Returns once the server accepted the upgrade.
     * A WebSocket rather than a streamed GET because it can be closed from any thread (okhttp's
     * streamed bodies cannot be closed while a reader blocks on them).
     */
    Stream stream(String verb, String subject, String path, Consumer<JsonNode> event, Consumer<Throwable> ended) {
        calls.record(verb);
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        Consumer<Throwable> once = t -> {
            if (over.compareAndSet(false, true)) {
                ended.accept(t);
            }
        };
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public void onMessage(WebSocket ws, String text) {
                try {
                    event.accept(Cluster.JSON.readTree(text));
                } catch (IOException | RuntimeException e) {
                    ws.sendClose(1000, null);
                    once.accept(e instanceof IOException ? new KubeApiException(subject + ": not a watch event: " + e.getMessage(), 0, "", e) : e);
                } finally {
                    ws.request();
                }
            }

            @Override
            public void onMessage(WebSocket ws, ByteBuffer bytes) {
                onMessage(ws, StandardCharsets.UTF_8.decode(bytes).toString());
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                once.accept(null);
            }

            @Override
            public void onError(WebSocket ws, Throwable t) {
                once.accept(t);
            }
        };
        CompletableFuture<WebSocket> opened;
        try {
            opened = http.newWebSocketBuilder().uri(java.net.URI.create(base + path)).connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .buildAsync(listener);
        } catch (RuntimeException e) {
            throw new KubeApiException(subject + ": cannot send the request to " + base + ": " + e.getMessage(), 0, "", e);
        }
        WebSocket ws;
        try {
            ws = opened.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            opened.cancel(true);
            Thread.currentThread().interrupt();
            throw new KubeApiException(subject + ": interrupted", 0, "", e);
        } catch (TimeoutException e) {
            opened.cancel(true);
            throw unreachable(subject, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof WebSocketHandshakeException h && h.getResponse() != null) {
                int code = h.getResponse().code();
                throw new KubeApiException(subject + ": the API server answered " + code + statusText(code), code, reason(code));
            }
            throw unreachable(subject, cause);
        }
        return () -> {
            over.set(true); // a closed watch reports nothing more
            ws.sendClose(1000, null);
        };
    }

    private static String statusText(int code) {
        return switch (code) {
            case 401 -> " (Unauthorized): the credentials may have expired";
            case 403 -> " (Forbidden)";
            case 404 -> " (NotFound)";
            case 410 -> " (Gone)";
            default -> "";
        };
    }

    private static String reason(int code) {
        return switch (code) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 410 -> "Gone";
            default -> "";
        };
    }

    static boolean retryable(KubeApiException e, String verb) {
        int c = e.code();
        if (c == 429 || c >= 500 || c == 0) {
            return true;
        }
        // a 409 on an apply is an optimistic-lock conflict worth another try; an apply field conflict is not, nor is a
        // create of an existing object or a PUT carrying a resourceVersion someone else moved on (the caller must read again)
        return c == 409 && !e.applyConflict() && !verb.equals("create") && !verb.equals("update");
    }

    static KubeApiException statusError(String subject, int code, byte[] data) {
        String reason = "";
        String message = new String(data, StandardCharsets.UTF_8);
        try {
            JsonNode status = Cluster.JSON.readTree(data);
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
}
