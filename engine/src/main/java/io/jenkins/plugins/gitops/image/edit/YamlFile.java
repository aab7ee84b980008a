package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A YAML file as text plus its node trees with positions. Edits are splices of the text at the
 * exact span of a value: nothing is re-serialized, so comments, key order, quoting, indentation,
 * flow style, anchors and CRLF line ends outside the changed values keep their bytes.
 * SnakeYAML is only used to find where values are (safe loader, composition only, no objects).
 */
final class YamlFile {

    final String name;
    final String text;
    final String eol;
    final List<Node> documents;

    private YamlFile(String name, String text, List<Node> documents) {
        this.name = name;
        this.text = text;
        this.eol = text.contains("\r\n") ? "\r\n" : "\n";
        this.documents = documents;
    }

    static YamlFile parse(String name, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(10 * 1024 * 1024);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options, new Resolver());
        List<Node> docs = new ArrayList<>();
        try {
            for (Node n : yaml.composeAll(new StringReader(text))) {
                if (n != null) {
                    docs.add(n);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ImageUpdateException(name + (m == null ? "" : ":" + (m.getLine() + 1)) + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ImageUpdateException(name + ": not valid YAML: " + e.getMessage());
        }
        return new YamlFile(name, text, docs);
    }

    // ---- positions ----

    /** SnakeYAML counts code points; Java strings count UTF-16 units. */
    int offset(Mark mark) {
        int cp = mark.getIndex();
        return cp <= 0 ? 0 : text.offsetByCodePoints(0, Math.min(cp, text.codePointCount(0, text.length())));
    }

    int line(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    int column(int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        return offset - lineStart;
    }

    /** End of the line holding {@code offset}, before its line break. */
    int lineEnd(int offset) {
        int nl = text.indexOf('\n', offset);
        if (nl < 0) {
            return text.length();
        }
        return nl > 0 && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
    }

    /** Where the scalar's own characters start, after any anchor ({@code &a}) or tag ({@code !!str}) properties. */
    int valueStart(ScalarNode node) {
        int pos = offset(node.getStartMark());
        int end = offset(node.getEndMark());
        while (pos < end && (text.charAt(pos) == '&' || text.charAt(pos) == '!')) {
            while (pos < end && !Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            while (pos < end && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }
        return pos;
    }

    int valueEnd(ScalarNode node) {
        return offset(node.getEndMark());
    }

    // ---- navigation ----

    static Optional<Node> get(Node node, String key) {
        return tuple(node, key).map(NodeTuple::getValueNode);
    }

    static Optional<NodeTuple> tuple(Node node, String key) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> scalar(Node node, String key) {
        return get(node, key).filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
    }

    /** The node at {@code path} under {@code root}; empty if some step is missing. Refuses to go through aliases (see {@link #checkNotAlias}). */
    Optional<Node> find(Node root, KeyPath path) {
        Node current = root;
        for (KeyPath.Segment s : path.segments()) {
            Node next = null;
            if (s instanceof KeyPath.Key k) {
                Optional<NodeTuple> t = tuple(current, k.name());
                if (t.isPresent()) {
                    checkNotAlias(t.get(), path);
                    next = t.get().getValueNode();
                }
            } else if (s instanceof KeyPath.Index i && current instanceof SequenceNode seq) {
                next = i.index() < seq.getValue().size() ? seq.getValue().get(i.index()) : null;
            } else if (s instanceof KeyPath.Match m && current instanceof SequenceNode seq) {
                next = seq.getValue().stream().filter(item -> scalar(item, m.field()).filter(m.value()::equals).isPresent())
                        .findFirst().orElse(null);
            }
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }

    /**
     * A value written as {@code *alias} is the anchored node, which sits earlier in the text;
     * editing it would silently change every other alias too, so we refuse and say where the anchor is.
     */
    void checkNotAlias(NodeTuple t, KeyPath path) {
        int keyEnd = offset(t.getKeyNode().getEndMark());
        int valueStart = offset(t.getValueNode().getStartMark());
        if (valueStart < keyEnd) {
            throw new ImageUpdateException(name + ":" + line(keyEnd) + ": " + path + " is an alias of the anchor at line "
                    + line(valueStart) + "; change the anchor or the alias by hand, not both silently");
        }
    }

    /** Every scalar that is a mapping value or a sequence item, in document order, with the key it is under (null for items). */
    void eachValue(Node node, String key, java.util.function.BiConsumer<String, ScalarNode> action) {
        eachValue(node, key, action, new java.util.IdentityHashMap<>());
    }

    private void eachValue(Node node, String key, java.util.function.BiConsumer<String, ScalarNode> action,
                           java.util.IdentityHashMap<Node, Boolean> seen) {
        if (seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof ScalarNode s) {
            action.accept(key, s);
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode ks ? ks.getValue() : null;
                eachValue(t.getValueNode(), k, action, seen);
            }
        } else if (node instanceof SequenceNode q) {
            for (Node item : q.getValue()) {
                eachValue(item, null, action, seen);
            }
        }
    }

    /** The end of the last scalar under {@code node}: the place after which a sibling line can go. */
    int lastScalarEnd(Node node) {
        int[] max = {offset(node.getStartMark())};
        Consumer<Node> walk = new Consumer<>() {
            @Override
            public void accept(Node n) {
                if (n instanceof ScalarNode s) {
                    max[0] = Math.max(max[0], offset(s.getEndMark()));
                } else if (n instanceof MappingNode m) {
                    m.getValue().forEach(t -> {
                        accept(t.getKeyNode());
                        accept(t.getValueNode());
                    });
                } else if (n instanceof SequenceNode q) {
                    q.getValue().forEach(this);
                }
            }
        };
        walk.accept(node);
        return max[0];
    }

    // ---- edits ----

    /** Replace a scalar's value, keeping its quoting style where the new value allows it. */
    TextEdit replace(ScalarNode node, String newValue, KeyPath where) {
        int start = valueStart(node);
        int end = valueEnd(node);
        char first = start < text.length() ? text.charAt(start) : ' ';
        if (first == '|' || first == '>') {
            throw new ImageUpdateException(name + ":" + line(start) + ": " + where + " is a block scalar; only single-line values are edited");
        }
        boolean flow = node.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN && insideFlow(start);
        String rendered = switch (node.getScalarStyle()) {
            case SINGLE_QUOTED -> "'" + newValue.replace("'", "''") + "'";
            case DOUBLE_QUOTED -> doubleQuoted(newValue);
            default -> plainSafe(newValue, flow) ? newValue : doubleQuoted(newValue);
        };
        return new TextEdit(start, end, rendered);
    }

    private boolean insideFlow(int offset) {
        // Cheap test: an unclosed '[' or '{' earlier on the same logical line means flow context.
        int depth = 0;
        for (int i = text.lastIndexOf('\n', offset - 1) + 1; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return depth > 0;
    }

    /**
     * Whether a value can stay plain: it must read back as the same string. A tag like {@code 1.10}
     * would read back as the float 1.1 (Helm's classic trap), so it gets quotes.
     */
    static boolean plainSafe(String v, boolean flow) {
        if (v.isEmpty() || !v.equals(v.strip()) || v.contains("\n") || v.contains(": ") || v.contains(" #") || v.endsWith(":")) {
            return false;
        }
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(v.charAt(0)) >= 0) {
            return false;
        }
        if (flow && v.chars().anyMatch(c -> ",[]{}".indexOf(c) >= 0)) {
            return false;
        }
        return new Resolver().resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, v, true).equals(org.yaml.snakeyaml.nodes.Tag.STR);
    }

    static String doubleQuoted(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The text with all edits applied; edits must not overlap. */
    String apply(List<TextEdit> edits) {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::end));
        StringBuilder out = new StringBuilder(text.length() + 64);
        int pos = 0;
        for (TextEdit e : sorted) {
            if (e.start() < pos) {
                throw new ImageUpdateException(name + ":" + line(e.start()) + ": two changes overlap (the same value targeted twice?)");
            }
            out.append(text, pos, e.start()).append(e.replacement());
            pos = e.end();
        }
        return out.append(text.substring(pos)).toString();
    }

    /** A line break followed by the indentation of column {@code column}. */
    String newline(int column) {
        return eol + " ".repeat(column);
    }
}
