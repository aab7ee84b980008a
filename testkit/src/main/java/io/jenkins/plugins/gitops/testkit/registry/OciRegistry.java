package io.jenkins.plugins.gitops.testkit.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway OCI registry: Debian's {@code docker-registry} (CNCF distribution 2.8) on a free
 * loopback port, storage in a temp dir, optional htpasswd (bcrypt) basic auth. Images are pushed
 * through the HTTP API, without Docker: a config blob with {@code created}, one layer, a manifest;
 * or an index of several platforms; or any artifact (a Helm chart) with {@link #pushArtifact}.
 *
 * <p>Tests call {@link #available()} first and skip with a message when the binary is missing
 * ({@code apt-get install docker-registry apache2-utils}).
 */
public final class OciRegistry implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    public static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dir;
    private final int port;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OciRegistry(Process process, Path dir, int port, String authorization) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.authorization = authorization;
    }

    /** Whether the registry binary (and, for auth, htpasswd) is installed; a reason to skip otherwise. */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public static boolean authAvailable() {
        return available() && Files.isExecutable(HTPASSWD);
    }

    /** Anonymous registry. */
    public static OciRegistry start() {
        return start(null, null);
    }

    /** A registry requiring basic auth for {@code user}/{@code password} (null user: anonymous). */
    public static OciRegistry start(String user, String password) {
        try {
            Path dir = Files.createTempDirectory("oci-registry-");
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            StringBuilder config = new StringBuilder()
                    .append("version: 0.1\nlog: {level: warn}\n")
                    .append("storage: {filesystem: {rootdirectory: ").append(dir.resolve("data")).append("}, delete: {enabled: true}}\n")
                    .append("http: {addr: 127.0.0.1:").append(port).append(", secret: throwaway}\n");
            String authorization = null;
            if (user != null) {
                Process h = new ProcessBuilder(HTPASSWD.toString(), "-Bbn", user, password).redirectErrorStream(true).start();
                String line = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (h.waitFor() != 0) {
                    throw new IllegalStateException("htpasswd failed: " + line);
                }
                Files.writeString(dir.resolve("htpasswd"), line + "\n");
                config.append("auth: {htpasswd: {realm: test, path: ").append(dir.resolve("htpasswd")).append("}}\n");
                authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            }
            Files.writeString(dir.resolve("config.yml"), config);
            Process p = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
            OciRegistry registry = new OciRegistry(p, dir, port, authorization);
            registry.awaitReady();
            return registry;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start docker-registry: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code /v2/} (any answer means it listens); the process gives no other ready signal at warn level. */
    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        close();
        throw new IllegalStateException("docker-registry did not listen on port " + port + " within 15 s");
    }

    /** {@code 127.0.0.1:port}, the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public String url() {
        return "http://" + host();
    }

    /** Pushes a single-platform (linux/amd64) image built at {@code created}; returns the manifest digest. */
    public String push(String repository, String tag, Instant created) {
        return pushImage(repository, tag, created, "linux", "amd64");
    }

    /** Pushes one image per platform ({@code os/arch}) and an index naming them under {@code tag}; returns the index digest. */
    public String pushIndex(String repository, String tag, Map<String, Instant> createdByPlatform) {
        ArrayNode manifests = JSON.createArrayNode();
        for (Map.Entry<String, Instant> e : createdByPlatform.entrySet()) {
            String[] p = e.getKey().split("/");
            byte[] manifest = imageManifest(repository, e.getValue(), p[0], p[1]);
            String digest = putManifest(repository, sha256(manifest), manifest, "application/vnd.oci.image.manifest.v1+json");
            ObjectNode entry = manifests.addObject();
            entry.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", digest).put("size", manifest.length);
            entry.putObject("platform").put("os", p[0]).put("architecture", p[1]);
        }
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.set("manifests", manifests);
        return putManifest(repository, tag, bytes(index), "application/vnd.oci.image.index.v1+json");
    }

    /**
     * Pushes an OCI artifact: a config blob and one layer of the given media types, under
     * {@code tag}; what {@code helm push} does for a chart (config
     * {@code application/vnd.cncf.helm.config.v1+json}, layer
     * {@code application/vnd.cncf.helm.chart.content.v1.tar+gzip}). Returns the manifest digest.
     */
    public String pushArtifact(String repository, String tag, String configMediaType, byte[] config, String layerMediaType, byte[] layer) {
        String configDigest = putBlob(repository, config);
        String layerDigest = putBlob(repository, layer);
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config").put("mediaType", configMediaType).put("digest", configDigest).put("size", config.length);
        manifest.putArray("layers").addObject().put("mediaType", layerMediaType).put("digest", layerDigest).put("size", layer.length);
        return putManifest(repository, tag, bytes(manifest), "application/vnd.oci.image.manifest.v1+json");
    }

    private String pushImage(String repository, String tag, Instant created, String os, String arch) {
        byte[] manifest = imageManifest(repository, created, os, arch);
        return putManifest(repository, tag, manifest, "application/vnd.oci.image.manifest.v1+json");
    }

    private byte[] imageManifest(String repository, Instant created, String os, String arch) {
        byte[] layer = ("layer of " + repository + " " + created + " " + os + "/" + arch).getBytes(StandardCharsets.UTF_8);
        String layerDigest = putBlob(repository, layer);
        ObjectNode config = JSON.createObjectNode().put("architecture", arch).put("os", os);
        if (created != null) {
            config.put("created", created.toString());
        }
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layerDigest);
        config.putObject("config");
        byte[] configBytes = bytes(config);
        String configDigest = putBlob(repository, configBytes);
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("digest", configDigest).put("size", configBytes.length);
        manifest.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip").put("digest", layerDigest).put("size", layer.length);
        return bytes(manifest);
    }

    private String putBlob(String repository, byte[] content) {
        String digest = sha256(content);
        HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        String location = start.headers().firstValue("Location").orElseThrow();
        URI upload = URI.create(url()).resolve(location);
        String sep = upload.getQuery() == null ? "?" : "&";
        send(HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + digest)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), 201);
        return digest;
    }

    private String putManifest(String repository, String reference, byte[] manifest, String mediaType) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), 201);
        return r.headers().firstValue("Docker-Content-Digest").orElse(sha256(manifest));
    }

    private HttpResponse<String> send(HttpRequest.Builder b, int expected) {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(r.request().method() + " " + r.uri() + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A map preserving insertion order, for {@link #pushIndex}. */
    public static Map<String, Instant> platforms(Object... platformAndCreated) {
        Map<String, Instant> m = new LinkedHashMap<>();
        for (int i = 0; i < platformAndCreated.length; i += 2) {
            m.put((String) platformAndCreated[i], (Instant) platformAndCreated[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir leftovers are harmless
        }
    }
}
