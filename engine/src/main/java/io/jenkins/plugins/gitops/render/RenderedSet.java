package io.jenkins.plugins.gitops.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.io.IOException;
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
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The output of a render: objects in the renderer's order (kustomize's, Helm's, or file then
 * document order for folders; stable for the same input), plus where they came from. Immutable.
 *
 * @param objects the objects; no two share group, kind, namespace and name
 * @param revision the commit SHA rendered ("" for a plain folder)
 * @param renderer the renderer's name ({@code kustomize}, {@code helm}, {@code directory})
 * @param toolVersion the version of the tool that produced the objects
 * @param digest {@code sha256:<hex>} of the objects' JSON in order: equal digests, equal manifests
 */
public record RenderedSet(List<RenderedObject> objects, String revision, String renderer, String toolVersion, String digest) {

    public RenderedSet {
        objects = List.copyOf(objects);
        revision = revision == null ? "" : revision;
        Objects.requireNonNull(renderer, "renderer");
        toolVersion = toolVersion == null ? "" : toolVersion;
        Objects.requireNonNull(digest, "digest");
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
        return new RenderedSet(objects, sha, renderer, toolVersion, digest);
    }

    public List<KubeObject> kubeObjects() {
        return objects.stream().map(RenderedObject::object).toList();
    }

    public int size() {
        return objects.size();
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
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                writeYaml(w);
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

    /** Writes the YAML to {@code out}, documents separated by {@code ---}. */
    public void writeYaml(Writer out) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        Yaml yaml = new Yaml(new Representer(options), options);
        boolean first = true;
        for (RenderedObject o : objects) {
            if (!first) {
                out.write("---\n");
            }
            first = false;
            yaml.dump(ManifestParser.JSON.convertValue(o.object().at(""), Object.class), out);
        }
    }

    @Override
    public String toString() {
        return "RenderedSet[" + objects.size() + " objects, " + renderer + " " + toolVersion + ", " + revision + ", " + digest + "]";
    }
}
