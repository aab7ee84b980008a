package io.jenkins.plugins.gitops.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Rendered sets by input identity: the Git root tree of the checkout (content, not commit: a
 * revert to identical content, or a commit that only rewrites history, hits), the path, the renderer, its tool version and its options. The root
 * tree rather than the tree of the path is the key because kustomize and Helm read outside the
 * path ({@code ../base}); Argo CD keys its manifest cache by commit for the same reason.
 *
 * <p>Two levels: a small in-memory LRU (a hit costs a map lookup) and, when a directory is given,
 * gzip'd JSON files that survive restarts and are shared between processes (written atomically).
 * Rendered sets hold Secrets as Git has them, so the directory is made {@code 0700} and every
 * file {@code 0600} (on file systems with POSIX permissions): only the user who renders reads them.
 */
public final class RenderCache {

    private final Optional<Path> dir;
    private final Map<String, RenderedSet> memory;

    public RenderCache(Optional<Path> dir, int memoryEntries) {
        this.dir = dir;
        this.memory = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RenderedSet> eldest) {
                return size() > memoryEntries;
            }
        };
    }

    public static RenderCache inMemory() {
        return new RenderCache(Optional.empty(), 16);
    }

    public static String key(String treeId, String path, Renderer renderer) {
        String text = String.join("\n", treeId, path, renderer.name(), renderer.toolVersion(), renderer.cacheKey());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key of a chart from a chart repository: repository URL, chart, resolved version and the
     * archive's digest (so a chart re-published under the same version is a miss), then the
     * renderer as for Git sources.
     */
    public static String chartKey(io.jenkins.plugins.gitops.render.chart.FetchedChart chart, Renderer renderer) {
        return key(chart.identity(), chart.root().relativize(chart.folder()).toString(), renderer);
    }

    public Optional<RenderedSet> get(String key) {
        synchronized (memory) {
            RenderedSet hit = memory.get(key);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        Optional<RenderedSet> fromDisk = dir.map(d -> d.resolve(key + ".json.gz")).filter(Files::isRegularFile).flatMap(RenderCache::read);
        fromDisk.ifPresent(set -> remember(key, set));
        return fromDisk;
    }

    public void put(String key, RenderedSet set) {
        remember(key, set);
        dir.ifPresent(d -> write(d, key, set));
    }

    private void remember(String key, RenderedSet set) {
        synchronized (memory) {
            memory.put(key, set);
        }
    }

    private static void write(Path d, String key, RenderedSet set) {
        Path tmp = null;
        try {
            ownerOnly(d);
            tmp = Files.createTempFile(d, key, ".tmp");
            if (posix(d)) {
                Files.setPosixFilePermissions(tmp, FILE);
            }
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp));
                    JsonGenerator g = ManifestParser.JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("renderer", set.renderer());
                g.writeStringField("toolVersion", set.toolVersion());
                g.writeStringField("revision", set.revision());
                g.writeStringField("digest", set.digest());
                g.writeArrayFieldStart("objects");
                for (RenderedObject o : set.objects()) {
                    g.writeStartObject();
                    if (o.source().isPresent()) {
                        g.writeStringField("source", o.source().get());
                    }
                    g.writeFieldName("object");
                    g.writeTree(o.object().at(""));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            Files.move(tmp, d.resolve(key + ".json.gz"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The cache is an optimisation: a failed write only costs a future render.
            System.err.println("gitops: cannot write render cache entry " + key + ": " + e.getMessage());
        } finally {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> DIR =
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> FILE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the cache directory readable by its owner only, and narrows one that exists (made by an older version). */
    static void ownerOnly(Path d) throws IOException {
        if (!posix(d)) {
            Files.createDirectories(d);
            return;
        }
        if (!Files.isDirectory(d)) {
            if (d.getParent() != null) {
                Files.createDirectories(d.getParent());
            }
            try {
                Files.createDirectory(d, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(DIR));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process made it first
            }
        }
        if (!Files.getPosixFilePermissions(d).equals(DIR)) {
            Files.setPosixFilePermissions(d, DIR);
        }
    }

    private static Optional<RenderedSet> read(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file)); JsonParser p = ManifestParser.JSON.createParser(in)) {
            JsonNode root = ManifestParser.JSON.readTree(p);
            List<RenderedObject> objects = new ArrayList<>();
            for (JsonNode o : root.path("objects")) {
                objects.add(new RenderedObject(KubeObject.of(o.path("object")),
                        o.hasNonNull("source") ? Optional.of(o.get("source").asText()) : Optional.empty()));
            }
            RenderedSet set = new RenderedSet(objects, root.path("revision").asText(), root.path("renderer").asText(),
                    root.path("toolVersion").asText(), root.path("digest").asText());
            // A truncated or tampered entry is a miss, not a wrong deployment.
            return RenderedSet.digest(objects).equals(set.digest()) ? Optional.of(set) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
