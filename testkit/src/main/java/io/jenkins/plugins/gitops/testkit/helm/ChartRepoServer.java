package io.jenkins.plugins.gitops.testkit.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A classic Helm chart repository on a loopback port (the JDK's HTTP server): {@code index.yaml}
 * generated from the published archives, the archives themselves, optional Basic or bearer auth,
 * and a count of requests per path so tests can prove what was (not) downloaded.
 *
 * <p>The repository lives under {@code /repo} ({@link #url()}); archives published with a
 * relative URL are served next to the index ({@code /repo/web-1.0.0.tgz}), the others under
 * {@code /downloads/} and listed with an absolute URL, as repositories that keep archives on
 * another path or host do.
 */
public final class ChartRepoServer implements AutoCloseable {

    private record Published(String chart, String version, String path, boolean absolute, String digest) {
    }

    private final HttpServer server;
    private final List<Published> published = new ArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile String authorization;

    private ChartRepoServer(HttpServer server) {
        this.server = server;
    }

    public static ChartRepoServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ChartRepoServer repo = new ChartRepoServer(server);
            server.createContext("/", repo::handle);
            server.start();
            return repo;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the chart repository server: " + e, e);
        }
    }

    /** {@code http://127.0.0.1:port/repo}, the repository URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo";
    }

    /** Every request must carry Basic credentials for this user and password. */
    public ChartRepoServer requireBasicAuth(String user, String password) {
        authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Every request must carry {@code Authorization: Bearer <token>}. */
    public ChartRepoServer requireBearer(String token) {
        authorization = "Bearer " + token;
        return this;
    }

    /** Publishes an archive listed with a URL relative to the repository, its sha256 in the index. */
    public ChartRepoServer publish(String chart, String version, byte[] archive) {
        return add(chart, version, archive, false, sha256(archive));
    }

    /** Publishes an archive under {@code /downloads/}, listed with an absolute URL. */
    public ChartRepoServer publishAbsolute(String chart, String version, byte[] archive) {
        return add(chart, version, archive, true, sha256(archive));
    }

    /** Publishes an archive whose index entry announces {@code digest} (a wrong one, or "" for none). */
    public ChartRepoServer publishWithDigest(String chart, String version, byte[] archive, String digest) {
        return add(chart, version, archive, false, digest);
    }

    private synchronized ChartRepoServer add(String chart, String version, byte[] archive, boolean absolute, String digest) {
        String name = chart + "-" + version + ".tgz";
        String path = absolute ? "/downloads/" + name : "/repo/" + name;
        files.put(path, archive.clone());
        published.add(new Published(chart, version, path, absolute, digest));
        return this;
    }

    /** How many requests reached a path ({@code /repo/index.yaml}, {@code /repo/web-1.0.0.tgz}), authorized or not. */
    public int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    /** The {@code index.yaml} as Helm writes it: {@code apiVersion}, {@code entries} by chart, newest first as listed. */
    public synchronized String index() {
        Map<String, List<Published>> byChart = new LinkedHashMap<>();
        for (Published p : published) {
            byChart.computeIfAbsent(p.chart(), c -> new ArrayList<>()).add(0, p);
        }
        StringBuilder y = new StringBuilder("apiVersion: v1\nentries:\n");
        byChart.forEach((chart, versions) -> {
            y.append("  ").append(chart).append(":\n");
            for (Published p : versions) {
                y.append("  - apiVersion: v2\n    name: ").append(chart).append("\n    version: \"").append(p.version()).append("\"\n");
                y.append("    created: \"2025-01-01T00:00:00Z\"\n");
                if (!p.digest().isEmpty()) {
                    y.append("    digest: ").append(p.digest()).append('\n');
                }
                String url = p.absolute() ? "http://127.0.0.1:" + server.getAddress().getPort() + p.path() : p.path().substring("/repo/".length());
                y.append("    urls:\n    - ").append(url).append('\n');
            }
        });
        return y.append("generated: \"2025-01-01T00:00:00Z\"\n").toString();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (ex) {
            String required = authorization;
            if (required != null && !required.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", required.startsWith("Basic") ? "Basic realm=\"charts\"" : "Bearer realm=\"charts\"");
                respond(ex, ex.getRequestHeaders().containsKey("Authorization") ? 403 : 401, "denied\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/repo/index.yaml")) {
                respond(ex, 200, index().getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] file = files.get(path);
            respond(ex, file == null ? 404 : 200, file == null ? "not found\n".getBytes(StandardCharsets.UTF_8) : file);
        }
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The hex sha256 of an archive, as {@code helm repo index} writes it in the index. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
