package io.jenkins.plugins.gitops.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Rendered sets by input identity: the Git root tree of the checkout (content, not commit: a
 * revert to identical content, or a commit that only rewrites history, hits), the path, the renderer, its tool version and its options. The root
 * tree rather than the tree of the path is the key because kustomize and Helm read outside the
 * path ({@code ../base}); Argo CD keys its manifest cache by commit for the same reason.
 *
 * <p>Two levels: a small in-memory LRU (a hit costs a map lookup) and, when a directory is given,
 * files that survive restarts and are shared between processes (see {@link Entry}).
 * Rendered sets hold Secrets as Git has them, so the directory is made {@code 0700} and every
 * file {@code 0600} (on file systems with POSIX permissions): only the user who renders reads them.
 */
public final class RenderCache {

    private final Optional<Path> dir;
    private final Map<String, RenderedSet> memory;
    private final java.util.function.Consumer<String> log;

    /** @param log the caller's log, for entries that could not be written (the cache then only costs a render) */
    public RenderCache(Optional<Path> dir, int memoryEntries, java.util.function.Consumer<String> log) {
        this.dir = dir;
        this.log = java.util.Objects.requireNonNull(log, "log");
        this.memory = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RenderedSet> eldest) {
                return size() > memoryEntries;
            }
        };
    }

    /** A cache in memory only: nothing is written, so there is nothing to note. */
    public static RenderCache inMemory() {
        return new RenderCache(Optional.empty(), 16, line -> { });
    }

    public static String key(String treeId, String path, Renderer renderer) {
        String text = String.join("\n", treeId, path, renderer.name(), renderer.toolIdentity(), renderer.cacheKey());
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
        Optional<RenderedSet> fromDisk = dir.flatMap(d -> Entry.in(d, key).read());
        fromDisk.ifPresent(set -> remember(key, set));
        return fromDisk;
    }

    public void put(String key, RenderedSet set) {
        remember(key, set);
        dir.ifPresent(d -> {
            try {
                Entry.in(d, key).write(set);
            } catch (IOException | RuntimeException e) {
                // The cache is an optimisation: a failed write only costs a future render.
                log.accept("cannot write render cache entry " + key + ": " + e.getMessage());
            }
        });
    }

    private void remember(String key, RenderedSet set) {
        synchronized (memory) {
            memory.put(key, set);
        }
    }

    /**
     * One entry on disk, three files: {@code KEY.objects.json.gz} (the objects and their sources),
     * {@code KEY.yaml.gz} (the tool's own output, when the set has it) and {@code KEY.meta.json}
     * (renderer, revision, digest, object count, and the sizes of the other two), written last, so
     * an entry exists once its meta file does. Each file is written beside its name and moved into
     * place. Reading an entry reads the meta file only: a summary, or {@code render --out} (a copy
     * of the YAML file), never parses the objects; a sync parses them when it asks, and checks them
     * against the digest then (gzip's CRC already refuses a truncated or damaged file).
     */
    private record Entry(Path meta, Path objects, Path yaml, String key) {

        private static final int FORMAT = 3; // 3: the objects file's hash in the meta file

        static Entry in(Path dir, String key) {
            return new Entry(dir.resolve(key + ".meta.json"), dir.resolve(key + ".objects.json.gz"), dir.resolve(key + ".yaml.gz"), key);
        }

        void write(RenderedSet set) throws IOException {
            Path d = meta.getParent();
            ownerOnly(d);
            MessageDigest fileSha = sha256();
            atomically(objects, tmp -> {
                try (OutputStream out = gzip(new DigestOutputStream(Files.newOutputStream(tmp), fileSha)); JsonGenerator g = ManifestParser.JSON.createGenerator(out)) {
                    g.writeStartArray();
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
                }
            });
            if (set.toolOutput().isPresent()) {
                atomically(yaml, tmp -> {
                    try (OutputStream out = gzip(tmp); InputStream in = set.toolOutput().get().open()) {
                        in.transferTo(out);
                    }
                });
            } else {
                Files.deleteIfExists(yaml);
            }
            ObjectNode m = ManifestParser.JSON.createObjectNode();
            m.put("format", FORMAT);
            m.put("renderer", set.renderer());
            m.put("toolVersion", set.toolVersion());
            m.put("revision", set.revision());
            m.put("digest", set.digest());
            m.put("objects", set.size());
            m.put("objectsFileBytes", Files.size(objects));
            m.put("objectsFileSha256", HexFormat.of().formatHex(fileSha.digest()));
            if (set.toolOutput().isPresent()) {
                m.put("yamlFileBytes", Files.size(yaml));
            }
            atomically(meta, tmp -> Files.write(tmp, ManifestParser.JSON.writeValueAsBytes(m)));
        }

        /** The entry as a set whose objects are read on demand; empty when absent, of another format, or its files do not match it. */
        Optional<RenderedSet> read() {
            try {
                if (!Files.isRegularFile(meta)) {
                    return Optional.empty();
                }
                JsonNode m = ManifestParser.JSON.readTree(meta.toFile());
                if (m.path("format").asInt() != FORMAT || !Files.isRegularFile(objects) || Files.size(objects) != m.path("objectsFileBytes").asLong()) {
                    return Optional.empty();
                }
                Optional<RenderedSet.YamlText> text = Optional.empty();
                if (m.has("yamlFileBytes")) {
                    if (!Files.isRegularFile(yaml) || Files.size(yaml) != m.path("yamlFileBytes").asLong()) {
                        return Optional.empty();
                    }
                    text = Optional.of(() -> new GZIPInputStream(Files.newInputStream(yaml), 1 << 16));
                }
                String digest = m.path("digest").asText();
                String fileSha = m.path("objectsFileSha256").asText();
                return Optional.of(RenderedSet.lazy(m.path("objects").asInt(), () -> objects(digest, fileSha), m.path("revision").asText(),
                        m.path("renderer").asText(), m.path("toolVersion").asText(), digest, text));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /**
         * The objects, checked against the hash of the file as it was written: gzip's CRC refuses
         * damage, this refuses a file replaced by hand, never a wrong deployment. The file's bytes
         * are hashed as they are read (the set's digest would serialize all objects again, 12 MB
         * for Kubeflow, a fifth of a cached re-sync's work).
         */
        private List<RenderedObject> objects(String digest, String fileSha) {
            List<RenderedObject> out = new ArrayList<>();
            MessageDigest sha = sha256();
            try (InputStream raw = new DigestInputStream(Files.newInputStream(objects), sha); InputStream in = new GZIPInputStream(raw, 1 << 16);
                 JsonParser p = ManifestParser.JSON.createParser(in)) {
                for (JsonNode o : ManifestParser.JSON.<JsonNode>readTree(p)) {
                    JsonNode object = o.path("object"); // parsed here for this set alone: adopted, not copied
                    out.add(new RenderedObject(object instanceof com.fasterxml.jackson.databind.node.ObjectNode on ? KubeObject.adopt(on) : KubeObject.of(object),
                            o.hasNonNull("source") ? Optional.of(o.get("source").asText()) : Optional.empty()));
                }
                raw.transferTo(OutputStream.nullOutputStream()); // what the inflater left unread (its trailer), hashed too
            } catch (IOException e) {
                throw new RenderException(objects + ": cannot read the render cache entry: " + e.getMessage()
                        + "; delete it and render again", e);
            }
            if (!HexFormat.of().formatHex(sha.digest()).equals(fileSha)) {
                throw new RenderException(objects + ": the render cache entry does not match the digest it was written with ("
                        + digest + "); delete it and render again");
            }
            return out;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static OutputStream gzip(Path file) throws IOException {
            return gzip(Files.newOutputStream(file));
        }

        private static OutputStream gzip(OutputStream file) throws IOException {
            // the fastest level: a 12 MB render compresses in a quarter of the default level's time, for a fifth more bytes
            return new GZIPOutputStream(file, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
        }

        private interface Write {
            void to(Path tmp) throws IOException;
        }

        private void atomically(Path target, Write write) throws IOException {
            Path tmp = Files.createTempFile(target.getParent(), key, ".tmp");
            try {
                if (posix(tmp)) {
                    Files.setPosixFilePermissions(tmp, FILE);
                }
                write.to(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
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
}
