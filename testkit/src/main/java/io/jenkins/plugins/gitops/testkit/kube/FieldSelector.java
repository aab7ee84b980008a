package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed {@code fieldSelector} query parameter, following Kubernetes' {@code fields.ParseSelector}
 * (k8s.io/apimachinery/pkg/fields/selector.go): comma-separated terms {@code path=value},
 * {@code path==value} or {@code path!=value}, all of which must hold.
 *
 * <p>The path is a dotted walk from the object root ({@code metadata.name}, {@code status.phase},
 * {@code involvedObject.uid}). A real API server only supports a few paths per kind and rejects
 * the rest; the emulator accepts any path and compares a missing field as the empty string, which is
 * what the real server's field sets do for unset fields (e.g. {@code spec.nodeName=} selects
 * unscheduled pods). The HTTP layer may restrict paths using {@link #paths()}.
 *
 * <p>Values may escape {@code ,} {@code =} and {@code \} with a backslash, as in Kubernetes.
 * Whitespace around paths and values is trimmed, because Kubernetes never allows it in a path
 * and a value with surrounding blanks is far more likely a typo than a real field value.
 */
public final class FieldSelector {

    /** One term; {@code equal} false means {@code !=}. */
    public record Requirement(String path, boolean equal, String value) {

        public boolean matches(JsonNode object) {
            return value.equals(fieldValue(object, path)) == equal;
        }

        @Override
        public String toString() {
            return path + (equal ? "=" : "!=") + escape(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_$-]+");

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses a selector; null or blank means "everything".
     *
     * @throws IllegalArgumentException quoting the selector and saying what is wrong
     */
    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String term : splitTerms(selector)) {
            // Kubernetes skips empty terms, so "a=b," is accepted.
            if (term.isBlank()) {
                continue;
            }
            out.add(parseTerm(selector, term));
        }
        return new FieldSelector(out);
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /** The paths the selector reads, so a caller can reject unsupported ones as the real server does. */
    public List<String> paths() {
        return requirements.stream().map(Requirement::path).distinct().toList();
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public boolean matches(JsonNode object) {
        for (Requirement r : requirements) {
            if (!r.matches(object)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text a field selector compares against: scalars as their text ({@code true}, {@code 3}),
     * anything missing, null or structured as "".
     */
    static String fieldValue(JsonNode object, String path) {
        JsonNode node = object;
        for (String segment : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return "";
            }
            node = node.get(segment);
        }
        if (node == null || !node.isValueNode() || node.isNull()) {
            return "";
        }
        return node.asText();
    }

    private static Requirement parseTerm(String selector, String term) {
        // Find the first unescaped operator; "!=" and "==" are tried before "=" at each position.
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            String op = term.startsWith("!=", i) ? "!=" : term.startsWith("==", i) ? "==" : c == '=' ? "=" : null;
            if (op == null) {
                continue;
            }
            String path = term.substring(0, i).trim();
            String value = unescape(selector, term.substring(i + op.length()).trim());
            checkPath(selector, path);
            return new Requirement(path, !op.equals("!="), value);
        }
        throw new IllegalArgumentException("invalid field selector \"" + selector + "\": term \"" + term.trim()
                + "\" has no operator (expected path=value, path==value or path!=value)");
    }

    private static void checkPath(String selector, String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("invalid field selector \"" + selector + "\": a term has no field path before its operator");
        }
        for (String segment : path.split("\\.", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("invalid field selector \"" + selector + "\": field path \"" + path
                        + "\" must be dot-separated names of letters, digits, '_', '-' or '$'");
            }
        }
    }

    /** Splits on commas that are not escaped with a backslash. */
    private static List<String> splitTerms(String s) {
        List<String> terms = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ',') {
                terms.add(s.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(s.substring(start));
        return terms;
    }

    private static String unescape(String selector, String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 >= value.length() || "\\,=".indexOf(value.charAt(i + 1)) < 0) {
                    throw new IllegalArgumentException("invalid field selector \"" + selector + "\": value \"" + value
                            + "\" has an invalid escape (only \\\\, \\, and \\= are allowed)");
                }
                sb.append(value.charAt(++i));
            } else if (c == ',' || c == '=') {
                // Only reachable for '=', since commas split terms: Kubernetes rejects a bare '=' in a value.
                throw new IllegalArgumentException("invalid field selector \"" + selector + "\": value \"" + value
                        + "\" contains an unescaped '" + c + "'");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Requirement r : requirements) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(r);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector && ((FieldSelector) o).requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requirements);
    }
}
