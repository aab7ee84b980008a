package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Insertions that follow the file's own layout: a new key goes after the mapping's last line at
 * the indentation of its first key; a new sequence item after the last item at the column of the
 * first dash; in flow collections, before the closing bracket.
 */
final class YamlInserts {

    private YamlInserts() {
    }

    /** Sets {@code key} in {@code mapping} to {@code value}: replaces the scalar if present and different, adds it if missing. */
    static Optional<PlannedEdit> setOrAdd(YamlFile f, MappingNode mapping, KeyPath mappingPath, String key, String value, String subject) {
        KeyPath path = mappingPath.child(key);
        Optional<NodeTuple> existing = YamlFile.tuple(mapping, key);
        if (existing.isPresent()) {
            f.checkNotAlias(existing.get(), path);
            if (!(existing.get().getValueNode() instanceof ScalarNode s)) {
                throw new ImageUpdateException(f.name + ":" + (existing.get().getValueNode().getStartMark().getLine() + 1)
                        + ": " + path + " is not a single value");
            }
            if (s.getValue().equals(value)) {
                return Optional.empty();
            }
            int start = f.valueStart(s);
            return Optional.of(new PlannedEdit(f.replace(s, value, path),
                    new ValueChange(subject, f.name, f.line(start), path.toString(), s.getValue(), value)));
        }
        TextEdit edit = addKeys(f, mapping, mappingPath, Map.of(key, value));
        return Optional.of(new PlannedEdit(edit, new ValueChange(subject, f.name, f.line(edit.start()) + (isFlow(mapping) ? 0 : 1),
                path.toString(), null, value)));
    }

    static TextEdit addKeys(YamlFile f, MappingNode mapping, KeyPath where, Map<String, String> entries) {
        if (isFlow(mapping)) {
            int close = f.offset(mapping.getEndMark()) - 1;
            int at = lastNonSpace(f.text, close);
            StringBuilder b = new StringBuilder();
            boolean empty = mapping.getValue().isEmpty();
            for (Map.Entry<String, String> e : entries.entrySet()) {
                b.append(empty ? "" : ", ").append(e.getKey()).append(": ").append(render(e.getValue(), true));
                empty = false;
            }
            return new TextEdit(at, at, b.toString());
        }
        if (mapping.getValue().isEmpty()) {
            throw new ImageUpdateException(f.name + ": " + where + " is an empty mapping; cannot infer its indentation");
        }
        int column = f.column(f.offset(mapping.getValue().get(0).getKeyNode().getStartMark()));
        int at = f.lineEnd(f.lastScalarEnd(mapping));
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            b.append(f.newline(column)).append(e.getKey()).append(": ").append(render(e.getValue(), false));
        }
        return new TextEdit(at, at, b.toString());
    }

    /** Appends a mapping item ({@code - k: v} lines) to a sequence. */
    static TextEdit appendItem(YamlFile f, SequenceNode seq, LinkedHashMap<String, ?> item) {
        if (isFlow(seq)) {
            int close = f.offset(seq.getEndMark()) - 1;
            int at = lastNonSpace(f.text, close);
            StringBuilder b = new StringBuilder(seq.getValue().isEmpty() ? "{" : ", {");
            String sep = "";
            for (Map.Entry<String, ?> e : item.entrySet()) {
                b.append(sep).append(e.getKey()).append(": ").append(render(e.getValue(), true));
                sep = ", ";
            }
            return new TextEdit(at, at, b.append('}').toString());
        }
        if (seq.getValue().isEmpty()) {
            throw new ImageUpdateException(f.name + ": an empty block sequence; cannot infer its indentation");
        }
        int column = f.column(f.offset(seq.getStartMark()));
        int at = f.lineEnd(f.lastScalarEnd(seq));
        return new TextEdit(at, at, f.newline(column) + itemLines(f, column, item));
    }

    /** Appends a plain scalar item to a sequence. */
    static TextEdit appendScalar(YamlFile f, SequenceNode seq, String value) {
        if (isFlow(seq)) {
            int at = lastNonSpace(f.text, f.offset(seq.getEndMark()) - 1);
            return new TextEdit(at, at, (seq.getValue().isEmpty() ? "" : ", ") + render(value, true));
        }
        if (seq.getValue().isEmpty()) {
            throw new ImageUpdateException(f.name + ": an empty block sequence; cannot infer its indentation");
        }
        int column = f.column(f.offset(seq.getStartMark()));
        int at = f.lineEnd(f.lastScalarEnd(seq));
        return new TextEdit(at, at, f.newline(column) + "- " + render(value, false));
    }

    static String itemLines(YamlFile f, int column, Map<String, ?> item) {
        StringBuilder b = new StringBuilder("- ");
        boolean first = true;
        for (Map.Entry<String, ?> e : item.entrySet()) {
            if (!first) {
                b.append(f.newline(column + 2));
            }
            b.append(e.getKey()).append(": ").append(render(e.getValue(), false));
            first = false;
        }
        return b.toString();
    }

    /** Adds a top-level key holding a block sequence of one mapping item (kustomize's layout: items at column 0). */
    static TextEdit addRootSequence(YamlFile f, Node root, String key, List<? extends Map<String, ?>> items) {
        if (!(root instanceof MappingNode m) || isFlow(m)) {
            throw new ImageUpdateException(f.name + ": the document is not a block mapping; cannot add '" + key + "'");
        }
        int at = m.getValue().isEmpty() ? f.text.length() : f.lineEnd(f.lastScalarEnd(m));
        StringBuilder b = new StringBuilder(f.eol).append(key).append(':');
        for (Map<String, ?> item : items) {
            b.append(f.eol).append(itemLines(f, 0, item));
        }
        return new TextEdit(at, at, b.toString());
    }

    /** Strings are written plain when that reads back as the same string, else double-quoted; other values (booleans) as they print. */
    static String render(Object value, boolean flow) {
        if (!(value instanceof String v)) {
            return String.valueOf(value);
        }
        return YamlFile.plainSafe(v, flow) ? v : YamlFile.doubleQuoted(v);
    }

    static boolean isFlow(Node n) {
        return (n instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.FLOW)
                || (n instanceof SequenceNode s && s.getFlowStyle() == DumperOptions.FlowStyle.FLOW);
    }

    private static int lastNonSpace(String text, int close) {
        int i = close;
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
