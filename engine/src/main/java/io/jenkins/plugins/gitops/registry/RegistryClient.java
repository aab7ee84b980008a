package io.jenkins.plugins.gitops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small OCI Distribution client on {@code java.net.http}: tags (with {@code Link} pagination),
 * manifests and digests, index platforms, config {@code created}. Auth is anonymous, basic, or a
 * bearer token obtained from the challenge's realm. Thread-safe; reuse one per step.
 *
 * <p>We do not use the ORAS Java SDK: it needs Jackson 3 and about 24 MB of dependencies, while
 * the Jenkins side is pinned to Jackson 2.
 */
public final class RegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    /** Waits for a duration; replaced in tests so that Retry-After is checked without sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final RegistryOptions options;
    private final RegistryTransport transport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> log;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, CachedTags> tagCache = new ConcurrentHashMap<>();
    private final Map<String, List<Platform>> platformsByDigest = new ConcurrentHashMap<>();

    private record Token(String header, Instant expires) {
        @Override
        public String toString() {
            return "Token[expires=" + expires + "]";
        }
    }

    private record CachedTags(List<String> tags, Instant until) {
    }

    public RegistryClient(RegistryOptions options) {
        this(options, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), s -> { });
    }

    public RegistryClient(RegistryOptions options, Consumer<String> log) {
        this(options, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), log);
    }

    RegistryClient(RegistryOptions options, Clock clock, Sleeper sleeper, Consumer<String> log) {
        this.options = options;
        this.transport = new RegistryTransport(options);
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    /** All tags of the image's repository, in the registry's order, following {@code Link: <...>; rel="next"}. */
    public List<String> listTags(ImageReference image) {
        String key = image.registry() + "/" + image.repository();
        CachedTags cached = tagCache.get(key);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return cached.tags();
        }
        List<String> tags = new ArrayList<>();
        URI next = URI.create(transport.baseUrl(image.apiHost()) + "/v2/" + image.repository() + "/tags/list?n=1000");
        int pages = 0;
        while (next != null) {
            if (++pages > 10_000) {
                throw new RegistryException(image.name() + ": tag list of more than 10000 pages, giving up", 0);
            }
            HttpResponse<byte[]> response = send(image, "GET", next, "application/json");
            expectOk(image, response, "list tags");
            JsonNode body = parse(image, response.body());
            body.path("tags").forEach(t -> tags.add(t.asText()));
            next = response.headers().firstValue("Link").map(link -> nextLink(next(response), link)).orElse(null);
        }
        List<String> result = List.copyOf(tags);
        if (!options.tagCacheTtl().isZero()) {
            tagCache.put(key, new CachedTags(result, clock.instant().plus(options.tagCacheTtl())));
        }
        log.accept(image.name() + ": " + result.size() + " tags in " + pages + " page(s)");
        return result;
    }

    private static URI next(HttpResponse<?> response) {
        return response.uri();
    }

    private static URI nextLink(URI base, String link) {
        Matcher m = NEXT_LINK.matcher(link);
        return m.find() ? base.resolve(m.group(1)) : null;
    }

    /** The manifest digest a tag (or digest) points to, or empty when the registry does not know it. */
    public Optional<String> digest(ImageReference image) {
        URI uri = manifestUri(image, image.manifestReference());
        HttpResponse<byte[]> head = send(image, "HEAD", uri, Manifest.ACCEPT);
        if (head.statusCode() == 404) {
            return Optional.empty();
        }
        Optional<String> digest = head.statusCode() == 200 ? head.headers().firstValue("Docker-Content-Digest") : Optional.empty();
        if (digest.isPresent()) {
            return digest;
        }
        // Some registries omit the header on HEAD (or refuse HEAD): the GET body's sha256 is the digest.
        return manifest(image).map(Manifest::digest);
    }

    /** The manifest or index a tag or digest names, or empty on 404. */
    public Optional<Manifest> manifest(ImageReference image) {
        return manifestAt(image, image.manifestReference());
    }

    private Optional<Manifest> manifestAt(ImageReference image, String reference) {
        HttpResponse<byte[]> response = send(image, "GET", manifestUri(image, reference), Manifest.ACCEPT);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(image, response, "get manifest " + reference);
        String digest = response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(response.body()));
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        return Optional.of(new Manifest(digest, type, parse(image, response.body())));
    }

    /** The platforms of an index, or the single image's own platform (read from its config). */
    public List<Platform> platforms(ImageReference image) {
        Manifest m = manifest(image).orElseThrow(() -> notFound(image));
        List<Platform> result = new ArrayList<>();
        if (m.isIndex()) {
            for (JsonNode entry : m.body().path("manifests")) {
                JsonNode p = entry.path("platform");
                if (p.has("os") && !p.path("os").asText().equals("unknown")) {
                    result.add(new Platform(p.path("os").asText(), p.path("architecture").asText(), p.path("variant").asText(null)));
                }
            }
        } else {
            JsonNode config = config(image, m);
            result.add(new Platform(config.path("os").asText("unknown"), config.path("architecture").asText("unknown"),
                    config.path("variant").asText(null)));
        }
        return result;
    }

    /**
     * {@link #platforms} cached by manifest digest: a HEAD (which Docker Hub does not count against
     * its pull rate limit) finds the digest, and only a digest not seen before is read.
     */
    public List<Platform> platformsCached(ImageReference image) {
        String digest = digest(image).orElseThrow(() -> notFound(image));
        List<Platform> known = platformsByDigest.get(digest);
        if (known != null) {
            return known;
        }
        List<Platform> result = List.copyOf(platforms(image.withDigest(digest)));
        platformsByDigest.put(digest, result);
        log.accept(image + ": platforms " + result + " read for " + digest);
        return result;
    }

    /**
     * The build time ({@code created} of the image config) of a tag; for an index, of the image
     * for {@code platform} (null: the first one). Empty if the config has no {@code created}.
     */
    public Optional<Instant> created(ImageReference image, Platform platform) {
        Manifest m = manifest(image).orElseThrow(() -> notFound(image));
        if (m.isIndex()) {
            String child = null;
            for (JsonNode entry : m.body().path("manifests")) {
                JsonNode p = entry.path("platform");
                Platform candidate = new Platform(p.path("os").asText(""), p.path("architecture").asText(""), p.path("variant").asText(null));
                if (platform == null ? !candidate.os().equals("unknown") : platform.matches(candidate)) {
                    child = entry.path("digest").asText();
                    break;
                }
            }
            if (child == null) {
                throw new RegistryException(image + ": no image for platform " + platform + " in the index", 0);
            }
            String digest = child;
            m = manifestAt(image, digest).orElseThrow(() -> new RegistryException(image + ": index names " + digest + " but it is missing", 404));
        }
        String created = config(image, m).path("created").asText(null);
        if (created == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(created));
        } catch (DateTimeParseException e) {
            return Optional.of(ZonedDateTime.parse(created, DateTimeFormatter.ISO_DATE_TIME).toInstant());
        }
    }

    private JsonNode config(ImageReference image, Manifest m) {
        String digest = m.body().path("config").path("digest").asText(null);
        if (digest == null) {
            throw new RegistryException(image + ": manifest " + m.digest() + " has no config", 0);
        }
        return parse(image, blob(image, digest, "application/json, */*", "get config blob " + digest));
    }

    /**
     * The content of a blob (a Helm chart layer, an image config), following redirects to blob
     * storage without our Authorization header, which such storage rejects.
     */
    public byte[] blob(ImageReference image, String digest, String accept, String what) {
        URI uri = URI.create(transport.baseUrl(image.apiHost()) + "/v2/" + image.repository() + "/blobs/" + digest);
        HttpResponse<byte[]> response = send(image, "GET", uri, accept);
        for (int hops = 0; isRedirect(response.statusCode()) && hops < 5; hops++) {
            uri = uri.resolve(response.headers().firstValue("Location").orElseThrow());
            response = exchange(image, HttpRequest.newBuilder(uri).timeout(options.timeout()).GET().build());
        }
        expectOk(image, response, what);
        return response.body();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private URI manifestUri(ImageReference image, String reference) {
        return URI.create(transport.baseUrl(image.apiHost()) + "/v2/" + image.repository() + "/manifests/" + reference);
    }

    // ---- HTTP with authentication and rate limits ----

    private HttpResponse<byte[]> send(ImageReference image, String method, URI uri, String accept) {
        String scope = "repository:" + image.repository() + ":pull";
        String tokenKey = image.apiHost() + " " + scope;
        Token token = tokens.get(tokenKey);
        if (token != null && !clock.instant().isBefore(token.expires())) {
            tokens.remove(tokenKey);
            token = null;
        }
        HttpResponse<byte[]> response = exchange(image, request(method, uri, accept, token == null ? null : token.header()));
        if (response.statusCode() != 401) {
            return response;
        }
        AuthChallenge challenge = response.headers().firstValue("WWW-Authenticate").flatMap(AuthChallenge::parse)
                .orElseThrow(() -> refused(image, "401 without a WWW-Authenticate challenge"));
        RegistryCredentials credentials = options.host(image.registry()).credentials();
        if (credentials == null) {
            credentials = options.host(image.apiHost()).credentials();
        }
        String authorization;
        if (challenge.bearer()) {
            Token fresh = fetchToken(image, challenge, scope, credentials);
            tokens.put(tokenKey, fresh);
            authorization = fresh.header();
        } else if (challenge.scheme().equals("basic")) {
            if (credentials == null) {
                throw refused(image, "authentication required and no credentials configured for " + image.registry());
            }
            authorization = basic(credentials);
            // Basic needs no round trip: remember it for the next requests of this scope.
            tokens.put(tokenKey, new Token(authorization, Instant.MAX));
        } else {
            throw refused(image, "unsupported authentication scheme " + challenge.scheme());
        }
        response = exchange(image, request(method, uri, accept, authorization));
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            tokens.remove(tokenKey);
            throw refused(image, credentials == null ? "anonymous access refused"
                    : "credentials of user '" + credentials.username() + "' refused");
        }
        return response;
    }

    private Token fetchToken(ImageReference image, AuthChallenge challenge, String scope, RegistryCredentials credentials) {
        String realm = challenge.param("realm").orElseThrow(() -> refused(image, "bearer challenge without realm"));
        StringBuilder query = new StringBuilder();
        challenge.param("service").ifPresent(s -> query.append("service=").append(encode(s)));
        String wanted = challenge.param("scope").orElse(scope);
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(wanted));
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpResponse<byte[]> response = exchange(image, request("GET", uri, "application/json",
                credentials == null ? null : basic(credentials)));
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(image, credentials == null ? "token service refused anonymous access"
                    : "token service refused the credentials of user '" + credentials.username() + "'");
        }
        expectOk(image, response, "get token from " + uri.getHost());
        JsonNode body = parse(image, response.body());
        String value = body.hasNonNull("token") ? body.get("token").asText() : body.path("access_token").asText(null);
        if (value == null || value.isEmpty()) {
            throw refused(image, "token service " + uri.getHost() + " answered without a token");
        }
        long seconds = Math.max(60, body.path("expires_in").asLong(60));
        // Renew a little early so that a token never expires between check and use.
        return new Token("Bearer " + value, clock.instant().plusSeconds(seconds - 10));
    }

    private HttpRequest request(String method, URI uri, String accept, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(options.timeout()).header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    /** Sends once, retrying 429 and 503 after Retry-After (bounded in count and in wait). */
    private HttpResponse<byte[]> exchange(ImageReference image, HttpRequest request) {
        HttpClient client = transport.client(image.apiHost());
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                throw new RegistryException(image.name() + ": registry " + request.uri().getHost()
                        + " did not answer within " + options.timeout().toMillis() + " ms", e);
            } catch (IOException e) {
                throw new RegistryException(image.name() + ": cannot reach " + request.uri().getScheme() + "://"
                        + request.uri().getAuthority() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(image.name() + ": interrupted", e);
            }
            int status = response.statusCode();
            if (status != 429 && status != 503) {
                return response;
            }
            Duration wait = retryAfter(response).orElse(Duration.ofSeconds(1L << Math.min(attempt, 4)));
            if (attempt >= options.maxRetries() || wait.compareTo(options.maxRetryAfter()) > 0) {
                throw new RegistryException(image.name() + ": registry " + request.uri().getHost() + " is rate limiting (HTTP "
                        + status + ", Retry-After " + wait.toSeconds() + " s) after " + (attempt + 1) + " attempt(s)", status);
            }
            log.accept(image.name() + ": HTTP " + status + " from " + request.uri().getHost() + ", retrying in " + wait.toMillis() + " ms");
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(image.name() + ": interrupted while waiting for the rate limit", e);
            }
        }
    }

    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).flatMap(v -> {
            if (v.matches("\\d+")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            try {
                Instant when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), when);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static void expectOk(ImageReference image, HttpResponse<byte[]> response, String what) {
        int status = response.statusCode();
        if (status == 404) {
            throw new RegistryException(image.name() + ": " + what + ": not found (HTTP 404 from " + response.uri().getHost() + ")", 404);
        }
        if (status / 100 != 2) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new RegistryException(image.name() + ": " + what + ": HTTP " + status + " from " + response.uri().getHost()
                    + (body.isBlank() ? "" : ": " + body.strip().substring(0, Math.min(200, body.strip().length()))), status);
        }
    }

    private static JsonNode parse(ImageReference image, byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(image.name() + ": registry answered something that is not JSON: " + e.getMessage(), e);
        }
    }

    private static RegistryException refused(ImageReference image, String why) {
        return new RegistryException(image.name() + ": registry " + image.registry() + " refused access: " + why, 401);
    }

    private static RegistryException notFound(ImageReference image) {
        return new RegistryException(image + ": no such manifest", 404);
    }

    private static String basic(RegistryCredentials c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256:" + java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
