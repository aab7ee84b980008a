package io.jenkins.plugins.gitops.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The output of a render: objects in the renderer's order (kustomize's, Helm's, or file then
 * document order for folders; stable for the same input), plus where they came from. Immutable.
 *
 * <p>A value, but not a record: a set read back from the render cache parses its objects only
 * when a caller asks for them ({@link #objects()}). A summary ({@link #size()}, {@link #digest()})
 * or {@link #writeYaml} of a cached set never parses the 12 MB of a Kubeflow render, and a set
 * that keeps its tool's own output ({@link #withToolOutput}) writes those bytes as they are.
 *
 * <p>objects: no two share group, kind, namespace and name; revision: the commit SHA rendered
 * ("" for a plain folder); renderer: {@code kustomize}, {@code helm}, {@code directory}...;
 * toolVersion: the version of the tool that produced the objects; digest: {@code sha256:<hex>} of
 * the objects' JSON in order (equal digests, equal manifests).
 */
public final class RenderedSet {

    /** The YAML text of a set, as UTF-8 bytes: the tool's own output, which parses to exactly the set's objects. */
    @FunctionalInterface
    public interface YamlText {
        InputStream open() throws IOException;

        static YamlText of(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return () -> new ByteArrayInputStream(bytes);
        }
    }

    private final Supplier<List<RenderedObject>> objects;
    private final int size;
    private final String revision;
    private final String renderer;
    private final String toolVersion;
    private final String digest;
    private final Optional<YamlText> yaml;

    public RenderedSet(List<RenderedObject> objects, String revision, String renderer, String toolVersion, String digest) {
        this(objects.size(), once(List.copyOf(objects)), revision, renderer, toolVersion, digest, Optional.empty());
    }

    private RenderedSet(int size, Supplier<List<RenderedObject>> objects, String revision, String renderer, String toolVersion,
                        String digest, Optional<YamlText> yaml) {
        this.size = size;
        this.objects = objects;
        this.revision = revision == null ? "" : revision;
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.toolVersion = toolVersion == null ? "" : toolVersion;
        this.digest = Objects.requireNonNull(digest, "digest");
        this.yaml = yaml;
    }

    /**
     * A set whose objects are read when first asked for (the render cache's): {@code size} and
     * {@code digest} are known without them.
     */
    static RenderedSet lazy(int size, Supplier<List<RenderedObject>> objects, String revision, String renderer, String toolVersion,
                            String digest, Optional<YamlText> yaml) {
        return new RenderedSet(size, memoize(objects), revision, renderer, toolVersion, digest, yaml);
    }

    public List<RenderedObject> objects() {
        return objects.get();
    }

    public String revision() {
        return revision;
    }

    public String renderer() {
        return renderer;
    }

    public String toolVersion() {
        return toolVersion;
    }

    public String digest() {
        return digest;
    }

    /** The tool's own YAML output, when the set carries it. */
    public Optional<YamlText> toolOutput() {
        return yaml;
    }

    /**
     * The same set with the text its tool printed, which {@link #writeYaml} then writes as it is
     * (a copy, not a re-serialization). Only for text that parses to exactly these objects.
     */
    public RenderedSet withToolOutput(String text) {
        return new RenderedSet(size, objects, revision, renderer, toolVersion, digest, Optional.of(YamlText.of(text)));
    }

    private static Supplier<List<RenderedObject>> once(List<RenderedObject> objects) {
        return () -> objects;
    }

    private static Supplier<List<RenderedObject>> memoize(Supplier<List<RenderedObject>> read) {
        return new Supplier<>() {
            private volatile List<RenderedObject> value;

            @Override
            public List<RenderedObject> get() {
                List<RenderedObject> v = value;
                if (v == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = List.copyOf(read.get());
                        }
                        v = value;
                    }
                }
                return v;
            }
        };
    }

    /** Builds a set, computing the digest and refusing duplicates (the error names both sources). */
    public static RenderedSet of(List<RenderedObject> objects, String revision, String renderer, String toolVersion) {
        Map<ResourceKey, RenderedObject> seen = new HashMap<>();
        for (RenderedObject o : objects) {
            RenderedObject before = seen.putIfAbsent(o.object().key(), o);
            if (before != null) {
                throw new RenderException(o.object().key() + ": duplicate object: rendered from "
                        + before.source().orElse("(unknown source)") + " and from " + o.source().orElse("(unknown source)"));
            }
        }
        return new RenderedSet(objects, revision, renderer, toolVersion, digest(objects));
    }

    static String digest(List<RenderedObject> objects) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RenderedObject o : objects) {
                sha.update(ManifestParser.JSON.writeValueAsBytes(o.object().at("")));
                sha.update((byte) '\n');
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same set attributed to another commit (a cache hit for an identical tree). */
    public RenderedSet withRevision(String sha) {
        return new RenderedSet(size, objects, sha, renderer, toolVersion, digest, yaml);
    }

    public List<KubeObject> kubeObjects() {
        return objects().stream().map(RenderedObject::object).toList();
    }

    public int size() {
        return size;
    }

    /**
     * Writes all objects as one multi-document YAML file. The file appears whole or not at all:
     * it is written beside the target and moved into place, and removed if anything fails.
     */
    public void writeYaml(Path file) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            if (yaml.isPresent()) {
                try (InputStream in = yaml.get().open()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    writeYaml(w);
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
            throw new RenderException(target + ": cannot write the rendered manifests: " + e.getMessage(), e);
        }
    }

    /** Writes the YAML to {@code out}, documents separated by {@code ---}: the tool's own output when the set has it. */
    public void writeYaml(Writer out) throws IOException {
        if (yaml.isPresent()) {
            try (Reader in = new InputStreamReader(yaml.get().open(), StandardCharsets.UTF_8)) {
                in.transferTo(out);
            }
            return;
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        Yaml yaml = new Yaml(new Representer(options), options);
        boolean first = true;
        for (RenderedObject o : objects()) {
            if (!first) {
                out.write("---\n");
            }
            first = false;
            yaml.dump(ManifestParser.JSON.convertValue(o.object().at(""), Object.class), out);
        }
    }

    /** Equal sets: the same objects (by digest) from the same tool, attributed to the same revision. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedSet r && r.size == size && r.digest.equals(digest) && r.revision.equals(revision)
                && r.renderer.equals(renderer) && r.toolVersion.equals(toolVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digest, revision, renderer, toolVersion);
    }

    @Override
    public String toString() {
        return "RenderedSet[" + size + " objects, " + renderer + " " + toolVersion + ", " + revision + ", " + digest + "]";
    }
}
