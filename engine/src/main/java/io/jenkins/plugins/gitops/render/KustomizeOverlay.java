package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The temporary kustomization that applies Argo CD's {@code spec.source.kustomize} overrides to
 * an app folder: Argo CD runs {@code kustomize edit} in its own working copy, our checkouts are
 * shared and read-only, so the overrides go into an overlay whose only resource is the folder.
 *
 * <p>The overlay lives outside the repository, where kustomize's load restrictor would not let it
 * read repository files: file patches are therefore inlined, while components (folders, which
 * kustomize loads from anywhere) are referenced by relative path after checking that they stay
 * inside the repository, symbolic links included.
 */
final class KustomizeOverlay {

    private static final List<String> KUSTOMIZATIONS = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private KustomizeOverlay() {
    }

    /** Writes {@code overlay/kustomization.yaml} for the app folder {@code dir} of the repository at {@code root}. */
    static void write(KustomizeOptions options, Path overlay, Path root, Path dir) throws IOException {
        KustomizeEdits edits = options.edits();
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        k.put("kind", "Kustomization");
        k.put("resources", List.of(relative(overlay, dir)));
        List<String> components = components(edits, root, dir, overlay);
        if (!components.isEmpty()) {
            k.put("components", components);
        }
        if (!options.namePrefix().isEmpty()) {
            k.put("namePrefix", options.namePrefix());
        }
        if (!options.nameSuffix().isEmpty()) {
            k.put("nameSuffix", options.nameSuffix());
        }
        if (!options.namespace().isEmpty()) {
            k.put("namespace", options.namespace());
        }
        Map<String, Object> own = ownKustomization(dir);
        if (!options.commonLabels().isEmpty()) {
            if (!edits.forceCommonLabels()) {
                refuseOverride("commonLabels", "forceCommonLabels", options.commonLabels().keySet(), labelKeys(own), dir);
            }
            // commonLabels semantics (selectors and templates too) without kustomize's deprecation warning;
            // labelWithoutSelector is kustomize edit add label --without-selector [--include-templates]
            boolean selectors = !edits.labelWithoutSelector();
            boolean templates = selectors || edits.labelIncludeTemplates();
            k.put("labels", List.of(Map.of("pairs", options.commonLabels(), "includeSelectors", selectors, "includeTemplates", templates)));
        }
        if (!options.commonAnnotations().isEmpty()) {
            if (!edits.forceCommonAnnotations()) {
                refuseOverride("commonAnnotations", "forceCommonAnnotations", options.commonAnnotations().keySet(),
                        keys(own.get("commonAnnotations")), dir);
            }
            k.put("commonAnnotations", options.commonAnnotations());
        }
        if (!options.images().isEmpty()) {
            k.put("images", options.images().stream().map(i -> KustomizeImage.parse(i).toKustomization()).toList());
        }
        if (!edits.replicas().isEmpty()) {
            k.put("replicas", edits.replicas().stream().map(KustomizeReplica::toKustomization).toList());
        }
        if (!edits.patches().isEmpty()) {
            List<Map<String, Object>> patches = new ArrayList<>();
            for (int i = 0; i < edits.patches().size(); i++) {
                KustomizePatch p = edits.patches().get(i);
                patches.add(p.toKustomization(p.path().isEmpty() ? p.patch() : patchFile(p.path(), "patches[" + i + "].path", root, dir)));
            }
            k.put("patches", patches);
        }
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(overlay.resolve("kustomization.yaml"), new Yaml(dump).dump(k), StandardCharsets.UTF_8);
    }

    private static List<String> components(KustomizeEdits edits, Path root, Path dir, Path overlay) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < edits.components().size(); i++) {
            String c = edits.components().get(i);
            Path folder = inside(c, "components[" + i + "]", root, dir);
            if (!Files.isDirectory(folder)) {
                if (edits.ignoreMissingComponents()) {
                    continue;
                }
                throw new RenderException("kustomize option components[" + i + "]: '" + c + "' is not a folder of the repository (relative to "
                        + display(root, dir) + "); set ignoreMissingComponents to skip missing ones");
            }
            out.add(relative(overlay, folder));
        }
        return out;
    }

    private static String patchFile(String path, String field, Path root, Path dir) throws IOException {
        Path file = inside(path, field, root, dir);
        if (!Files.isRegularFile(file)) {
            throw new RenderException("kustomize option " + field + ": '" + path + "' is not a file of the repository (relative to "
                    + display(root, dir) + ")");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** {@code path} relative to the app folder, refused when it leaves the repository lexically or through a link. */
    private static Path inside(String path, String field, Path root, Path dir) throws IOException {
        if (path.isBlank() || Path.of(path).isAbsolute()) {
            throw new RenderException("kustomize option " + field + ": '" + path + "' must be a path relative to the app's folder");
        }
        Path target = dir.resolve(path).normalize();
        Path normalRoot = root.toAbsolutePath().normalize();
        boolean escapes = !target.toAbsolutePath().startsWith(normalRoot)
                || (Files.exists(target) && !target.toRealPath().startsWith(normalRoot.toRealPath()));
        if (escapes) {
            throw new RenderException("kustomize option " + field + ": '" + path + "' leaves the repository");
        }
        return target;
    }

    /**
     * Argo CD's {@code kustomize edit add label|annotation} fails when the app's kustomization
     * already sets a key and force is off; the overlay would silently win, so say it instead.
     */
    private static void refuseOverride(String option, String force, Set<String> ours, Set<String> theirs, Path dir) {
        Set<String> both = new TreeSet<>(ours);
        both.retainAll(theirs);
        if (!both.isEmpty()) {
            throw new RenderException("kustomize option " + option + ": " + both + " already set by the kustomization in " + dir
                    + "; set " + force + " to replace them, as Argo CD requires");
        }
    }

    private static Map<String, Object> ownKustomization(Path dir) throws IOException {
        for (String name : KUSTOMIZATIONS) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
                    if (doc instanceof Map<?, ?> m) {
                        Map<String, Object> out = new LinkedHashMap<>();
                        m.forEach((key, value) -> out.put(String.valueOf(key), value));
                        return out;
                    }
                } catch (RuntimeException e) {
                    return Map.of(); // kustomize itself will report a broken file, with its own words
                }
            }
        }
        return Map.of();
    }

    private static Set<String> labelKeys(Map<String, Object> own) {
        Set<String> keys = new TreeSet<>(keys(own.get("commonLabels")));
        if (own.get("labels") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> m) {
                    keys.addAll(keys(m.get("pairs")));
                }
            }
        }
        return keys;
    }

    private static Set<String> keys(Object map) {
        Set<String> keys = new TreeSet<>();
        if (map instanceof Map<?, ?> m) {
            m.keySet().forEach(key -> keys.add(String.valueOf(key)));
        }
        return keys;
    }

    /** Kustomize refuses absolute paths in resources and components. */
    private static String relative(Path overlay, Path target) {
        return overlay.toAbsolutePath().relativize(target.toAbsolutePath()).toString();
    }

    private static String display(Path root, Path dir) {
        String rel = root.relativize(dir).toString();
        return rel.isEmpty() ? "the repository root" : rel;
    }
}
