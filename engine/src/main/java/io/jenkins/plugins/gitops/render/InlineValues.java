package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Inline Helm values (Argo CD's {@code helm.values} text, {@code helm.valuesObject}, the CLI's
 * {@code --values-inline}): checked up front to be a YAML mapping, so that a typo is reported
 * with the field it came from instead of as a Helm error about a temporary file.
 */
public final class InlineValues {

    private InlineValues() {
    }

    /**
     * @param where the field or option the text came from, for the error
     * @return the text, unchanged
     * @throws RenderException naming {@code where} when the text is not a mapping (empty text is fine)
     */
    public static String check(String text, String where) {
        if (text == null || text.isBlank()) {
            return "";
        }
        Object parsed;
        try {
            parsed = ManifestParser.yaml().load(text);
        } catch (YAMLException e) {
            throw new RenderException(where + ": invalid YAML: " + e.getMessage().lines().findFirst().orElse("").strip());
        }
        if (parsed != null && !(parsed instanceof java.util.Map)) {
            throw new RenderException(where + ": Helm values must be a mapping (key: value), not a " + kind(parsed));
        }
        return text;
    }

    private static String kind(Object o) {
        return o instanceof java.util.List ? "list" : "scalar";
    }
}
