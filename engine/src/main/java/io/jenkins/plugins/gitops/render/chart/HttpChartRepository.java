package io.jenkins.plugins.gitops.render.chart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A classic Helm chart repository over HTTP(S): {@code <repo>/index.yaml} lists the versions of
 * each chart and where their archives are (relative to the repository or absolute). Credentials go
 * with every request to the repository's own origin; to other hosts only with
 * {@code passCredentials}, as Helm does, so a chart URL pointing elsewhere cannot collect them.
 * Redirects are followed by hand for the same reason.
 */
final class HttpChartRepository {

    static final long MAX_INDEX_BYTES = 128L * 1024 * 1024;
    static final long MAX_ARCHIVE_BYTES = 64L * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final int LISTED_CHARTS = 10;

    private final Duration timeout;
    private volatile HttpClient client;

    HttpChartRepository(Duration timeout) {
        this.timeout = timeout;
    }

    /** Made on first use: most renders never meet a chart repository, and a client owns a selector thread. */
    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
                }
                c = client;
            }
        }
        return c;
    }

    FetchedChart fetch(ChartSource source, ChartCache cache) {
        String where = "chart repository " + source.repoURL();
        URI base = URI.create(source.repoURL() + "/");
        ChartIndex index = ChartIndex.parse(new String(get(source, base.resolve("index.yaml"), "index.yaml", MAX_INDEX_BYTES, where),
                StandardCharsets.UTF_8), where);
        List<String> versions = index.versions(source.chart());
        if (!index.charts().containsKey(source.chart())) {
            List<String> names = index.charts().keySet().stream().sorted().toList();
            throw new ChartException(where + ": no chart '" + source.chart() + "' in index.yaml ("
                    + (names.isEmpty() ? "the index is empty" : "it has " + String.join(", ", names.subList(0, Math.min(LISTED_CHARTS, names.size())))
                    + (names.size() > LISTED_CHARTS ? " and " + (names.size() - LISTED_CHARTS) + " more" : "")) + ")");
        }
        String version = ChartVersions.choose(versions, source.version(), where + ": chart '" + source.chart() + "'");
        ChartIndex.Entry entry = index.entry(source.chart(), version).orElseThrow();
        URI url = base.resolve(entry.urls().get(0).strip());
        String what = where + ": chart '" + source.chart() + "' version " + version;
        return cache.get(source.repoURL(), source.chart(), version, entry.digest(), what,
                file -> download(source, url, file, what));
    }

    private void download(ChartSource source, URI url, Path file, String what) {
        byte[] body = get(source, url, "archive " + printable(url), MAX_ARCHIVE_BYTES, what);
        try {
            Files.write(file, body);
        } catch (IOException e) {
            throw new ChartException(what + ": cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** GET with credentials where allowed, redirects by hand, status checks and a size limit. */
    private byte[] get(ChartSource source, URI start, String what, long maxBytes, String where) {
        URI uri = start;
        URI origin = URI.create(source.repoURL());
        for (int hops = 0; ; hops++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            Optional<String> auth = source.credentials().authorization();
            boolean sent = auth.isPresent() && (source.passCredentials() || sameOrigin(origin, uri));
            if (sent) {
                request.header("Authorization", auth.get());
            }
            HttpResponse<InputStream> response = send(request.build(), where);
            int status = response.statusCode();
            if (isRedirect(status) && hops < MAX_REDIRECTS) {
                Optional<String> location = response.headers().firstValue("Location");
                close(response);
                if (location.isEmpty()) {
                    throw new ChartException(where + ": HTTP " + status + " without a Location for " + what);
                }
                uri = uri.resolve(location.get());
                continue;
            }
            if (status != 200) {
                close(response);
                throw statusError(source, status, what, uri, where, sent);
            }
            return read(response, maxBytes, what, where);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, String where) {
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new ChartException(where + ": cannot reach " + hostPort(request.uri()) + " (no connection within " + timeout.toMillis() + " ms)", e);
        } catch (HttpTimeoutException e) {
            throw new ChartException(where + ": " + hostPort(request.uri()) + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new ChartException(where + ": cannot reach " + hostPort(request.uri()) + " (connection refused)", e);
        } catch (IOException e) {
            throw new ChartException(where + ": cannot reach " + hostPort(request.uri()) + " (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChartException(where + ": interrupted", e);
        }
    }

    private static ChartException statusError(ChartSource source, int status, String what, URI uri, String where, boolean sent) {
        if (status == 401 || status == 403) {
            String who = sent ? "the repository refused the credentials (" + source.credentials().describe() + ")"
                    : source.credentials() instanceof ChartCredentials.None ? "the repository needs credentials and none are configured"
                    : "credentials are only sent to the repository's own host; set passCredentials to send them to " + hostPort(uri);
            return new ChartException(where + ": HTTP " + status + " for " + what + ": " + who);
        }
        if (status == 404) {
            return new ChartException(where + ": " + what + " not found (HTTP 404 at " + printable(uri) + ")"
                    + (what.equals("index.yaml") ? "; is this a Helm chart repository?" : ""));
        }
        return new ChartException(where + ": HTTP " + status + " for " + what + " at " + printable(uri));
    }

    private static byte[] read(HttpResponse<InputStream> response, long maxBytes, String what, String where) {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            close(response);
            throw new ChartException(where + ": " + what + " is " + declared + " bytes, more than the limit of " + maxBytes);
        }
        try (InputStream in = response.body(); java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            copy(in, out, maxBytes, what, where);
            return out.toByteArray();
        } catch (IOException e) {
            throw new ChartException(where + ": reading " + what + " failed: " + e.getMessage(), e);
        }
    }

    private static void copy(InputStream in, OutputStream out, long maxBytes, String what, String where) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0;) {
            total += n;
            if (total > maxBytes) {
                throw new ChartException(where + ": " + what + " is larger than the limit of " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme())) && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String hostPort(URI u) {
        return u.getHost() + ":" + port(u);
    }

    /** Scheme, host and path: query strings of signed download URLs are secrets too. */
    private static String printable(URI u) {
        return u.getScheme() + "://" + u.getRawAuthority().replaceAll("^.*@", "") + (u.getRawPath() == null ? "" : u.getRawPath());
    }
}
