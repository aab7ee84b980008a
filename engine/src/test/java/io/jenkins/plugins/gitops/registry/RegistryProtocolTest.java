package io.jenkins.plugins.gitops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What docker-registry does not do: bearer-token challenges with scope (Docker Hub, GHCR, Quay),
 * Link pagination, 429 with Retry-After, timeouts. A small JDK HTTP server plays the registry.
 */
class RegistryProtocolTest {

    HttpServer server;
    String host;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> waits = new ArrayList<>();
    final AtomicInteger throttled = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", ex -> {
            requests.add("token " + ex.getRequestURI().getQuery() + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
            boolean ok = "Basic Ym90OnRva2VuLXNlY3JldA==".equals(ex.getRequestHeaders().getFirst("Authorization"));
            respond(ex, ok ? 200 : 401, ok ? "{\"token\":\"T0K\",\"expires_in\":300}" : "{}", null);
        });
        server.createContext("/v2/", ex -> {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            requests.add(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
            if (!"Bearer T0K".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host + "/token\",service=\"reg.test\",scope=\"repository:org/app:pull\"");
                respond(ex, 401, "{}", null);
                return;
            }
            if (path.endsWith("/tags/list") && query != null && query.contains("last=b") && throttled.getAndIncrement() < 2) {
                ex.getResponseHeaders().add("Retry-After", "2");
                respond(ex, 429, "slow down", null);
            } else if (path.endsWith("/tags/list") && query != null && query.contains("last=b")) {
                respond(ex, 200, "{\"tags\":[\"c\"]}", null);
            } else if (path.endsWith("/tags/list")) {
                respond(ex, 200, "{\"tags\":[\"a\",\"b\"]}", "</v2/org/app/tags/list?n=2&last=b>; rel=\"next\"");
            } else if (path.endsWith("/manifests/slow")) {
                try {
                    Thread.sleep(2000); // the server side of the timeout test; the client must give up first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(ex, 200, "{}", null);
            } else {
                respond(ex, 404, "{}", null);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, String body, String link) throws IOException {
        if (link != null) {
            ex.getResponseHeaders().add("Link", link);
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private RegistryClient client(RegistryOptions o) {
        return new RegistryClient(o, Clock.systemUTC(), waits::add, s -> { });
    }

    private RegistryOptions options(String secret) {
        return RegistryOptions.defaults().withHost(new RegistryHostConfig(host, true, null, new RegistryCredentials("bot", secret)));
    }

    @Test
    void bearerChallengePaginationAndRetryAfter() {
        RegistryClient c = client(options("token-secret"));
        ImageReference app = ImageReference.parse(host + "/org/app");
        assertThat(c.listTags(app)).containsExactly("a", "b", "c");
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(requests).contains("token service=reg.test&scope=repository:org/app:pull auth=Basic Ym90OnRva2VuLXNlY3JldA==");
        // Cached for the next call: no second request at all.
        int before = requests.size();
        assertThat(c.listTags(app)).containsExactly("a", "b", "c");
        assertThat(requests).hasSize(before);
    }

    @Test
    void retryAfterBeyondTheBoundFails() {
        RegistryClient c = client(options("token-secret").withRetries(3, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> c.listTags(ImageReference.parse(host + "/org/app")))
                .isInstanceOf(RegistryException.class)
                .hasMessage("org/app: registry 127.0.0.1 is rate limiting (HTTP 429, Retry-After 2 s) after 1 attempt(s)".replace("org/app", host + "/org/app"));
        assertThat(waits).isEmpty();
    }

    @Test
    void refusedTokenNamesTheUserNotTheSecret() {
        RegistryClient c = client(options("wrong-secret"));
        assertThatThrownBy(() -> c.listTags(ImageReference.parse(host + "/org/app")))
                .hasMessage(host + "/org/app: registry " + host + " refused access: token service refused the credentials of user 'bot'")
                .hasMessageNotContaining("wrong-secret");
    }

    @Test
    void timeoutIsCleanAndNamed() {
        RegistryClient c = client(options("token-secret").withTimeout(Duration.ofMillis(300)));
        assertThatThrownBy(() -> c.digest(ImageReference.parse(host + "/org/app:slow")))
                .isInstanceOf(RegistryException.class)
                .hasMessage(host + "/org/app: registry 127.0.0.1 did not answer within 300 ms");
    }

    @Test
    void challengeParsing() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull,push\"").orElseThrow();
        assertThat(c.bearer()).isTrue();
        assertThat(c.params()).containsEntry("realm", "https://auth.docker.io/token").containsEntry("service", "registry.docker.io")
                .containsEntry("scope", "repository:library/nginx:pull,push");
        assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\"").orElseThrow().scheme()).isEqualTo("basic");
    }
}
