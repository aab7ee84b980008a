package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of Argo CD's {@code kustomize.patches}, as kustomize's own {@code patches:}: a
 * strategic merge patch or a JSON 6902 patch (YAML or JSON), given inline ({@code patch}) or as a
 * file of the repository relative to the app's path ({@code path}), applied to the objects the
 * {@code target} selects (or, for a strategic merge patch without target, to the object it names).
 *
 * @param patch the inline patch; "" when {@code path} is given
 * @param path a patch file relative to the app's folder; "" when {@code patch} is given
 * @param target selector fields: group, version, kind, name, namespace, labelSelector, annotationSelector
 * @param options kustomize's patch options: allowNameChange, allowKindChange
 */
public record KustomizePatch(String patch, String path, Map<String, String> target, Map<String, Boolean> options) {

    /** The selector fields kustomize (and Argo CD) know. */
    public static final List<String> TARGET_FIELDS = List.of("group", "version", "kind", "name", "namespace", "labelSelector",
            "annotationSelector");
    public static final List<String> OPTIONS = List.of("allowNameChange", "allowKindChange");

    public KustomizePatch {
        patch = patch == null ? "" : patch;
        path = path == null ? "" : path.strip();
        target = Map.copyOf(target == null ? Map.of() : target);
        options = Map.copyOf(options == null ? Map.of() : options);
        if (patch.isBlank() == path.isEmpty()) {
            throw new RenderException("kustomize option patches: give exactly one of 'patch' (inline) and 'path' (a file)");
        }
        for (String field : target.keySet()) {
            if (!TARGET_FIELDS.contains(field)) {
                throw new RenderException("kustomize option patches: unknown target field '" + field + "' (known: " + TARGET_FIELDS + ")");
            }
        }
        for (String option : options.keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new RenderException("kustomize option patches: unknown option '" + option + "' (known: " + OPTIONS + ")");
            }
        }
    }

    public static KustomizePatch inline(String patch, Map<String, String> target) {
        return new KustomizePatch(patch, "", target, Map.of());
    }

    /** The kustomization entry, with the file's text inlined: the overlay lives outside the repository. */
    Map<String, Object> toKustomization(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patch", text);
        if (!target.isEmpty()) {
            m.put("target", new TreeMap<>(target));
        }
        if (!options.isEmpty()) {
            m.put("options", new TreeMap<>(options));
        }
        return m;
    }

    String key() {
        return "patch=" + patch + "|path=" + path + "|target=" + new TreeMap<>(target) + "|options=" + new TreeMap<>(options);
    }
}
