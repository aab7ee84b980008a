package io.jenkins.plugins.gitops.render;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses manifests into {@link RenderedObject}s with SnakeYAML's {@link SafeConstructor} only: no
 * global tags, no Java types (the remote-code hole that got a Jenkins deploy plugin pulled), alias
 * expansion and document size bounded by {@link LoaderOptions}. Timestamps stay strings, as the
 * API server treats them. Empty documents and comment-only documents are skipped; {@code List}
 * kinds ({@code kind: List}, {@code ConfigMapList}, ...) are flattened into their items.
 *
 * <p>Errors name the source and the line: {@code apps/web.yaml:12:3: mapping values are not allowed here}.
 */
public final class ManifestParser {

    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ManifestParser() {
    }

    /** Parses a YAML stream (one or many documents), or JSON when {@code source} ends in {@code .json}. */
    public static List<RenderedObject> parse(String text, String source) {
        if (source != null && source.endsWith(".json")) {
            return parseJson(text, source);
        }
        return parseYaml(text, source, 0, Optional.ofNullable(source));
    }

    /**
     * Parses a YAML stream whose documents are recorded with {@code origin} (empty when unknown),
     * numbering lines from {@code firstLine} + 1 in messages.
     */
    static List<RenderedObject> parseYaml(String text, String name, int firstLine, Optional<String> origin) {
        if (text.startsWith("%") || text.contains("\n%")) {
            return parseWithSnakeYaml(text, name, firstLine, origin); // directives apply to the documents after them
        }
        // Most documents (all of kustomize's and helm's output) are read by BlockYamlReader; the
        // others, and every error, by SnakeYAML, one document at a time with its line numbers.
        List<int[]> docs = documentRanges(text);
        if (text.length() < PARALLEL_MIN_CHARS || docs.size() < 2) {
            return parseDocuments(text, docs, 0, docs.size(), name, firstLine, origin);
        }
        // A large stream (a 12 MB Kubeflow render: 0.7 s) is read in two halves at once, the second
        // on the common pool, the first here: a sync or render has nothing else to do before it has
        // the objects. Output and errors are as one pass gives them: documents in order, and the
        // first bad document's error, whichever half finished first.
        int mid = split(docs, text.length());
        int midLine = firstLine + lines(text, 0, docs.get(mid)[0]);
        CompletableFuture<List<RenderedObject>> second = CompletableFuture.supplyAsync(
                () -> parseDocuments(text, docs, mid, docs.size(), name, midLine, origin));
        List<RenderedObject> out;
        try {
            out = parseDocuments(text, docs, 0, mid, name, firstLine, origin);
        } catch (RuntimeException e) {
            second.cancel(false);
            throw e;
        }
        try {
            out.addAll(second.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        return out;
    }

    /** Below this many characters a stream is read in one pass: a thread hop costs more than it saves. */
    static final int PARALLEL_MIN_CHARS = 1 << 20;

    /** The index of the document that starts the second half of the stream by size. */
    private static int split(List<int[]> docs, int length) {
        for (int i = 1; i < docs.size(); i++) {
            if (docs.get(i)[0] >= length / 2) {
                return i;
            }
        }
        return docs.size() - 1;
    }

    /** Newlines in {@code text} from {@code from} (inclusive) to {@code to}. */
    private static int lines(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * Documents {@code from} (inclusive) to {@code to} of {@code docs}; {@code firstLine} counts the
     * lines before the stream's start (for {@code from} 0) or before document {@code from}'s start.
     */
    private static List<RenderedObject> parseDocuments(String text, List<int[]> docs, int from, int to, String name, int firstLine,
                                                       Optional<String> origin) {
        List<RenderedObject> out = new ArrayList<>();
        int line = firstLine;
        int counted = from == 0 ? 0 : docs.get(from)[0];
        for (int d = from; d < to; d++) {
            int[] doc = docs.get(d);
            line += lines(text, counted, doc[0]);
            counted = doc[0];
            JsonNode node = BlockYamlReader.read(text, doc[0], doc[1]);
            if (node == BlockYamlReader.UNSUPPORTED) {
                out.addAll(parseWithSnakeYaml(text.substring(doc[0], doc[1]), name, line, origin));
            } else if (node != null) {
                addObject(node, name, line + BlockYamlReader.firstContentLine(text, doc[0], doc[1]) + 1, origin, out);
            }
        }
        return out;
    }

    static List<RenderedObject> parseWithSnakeYaml(String text, String name, int firstLine, Optional<String> origin) {
        Yaml yaml = yaml();
        SafeBuilder builder = new SafeBuilder();
        List<RenderedObject> out = new ArrayList<>();
        try {
            for (Node node : yaml.composeAll(new java.io.StringReader(text))) {
                if (node == null) {
                    continue;
                }
                int line = firstLine + node.getStartMark().getLine() + 1;
                Object data = builder.build(node);
                addObject(toJson(data), name, line, origin, out);
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? name : name + ":" + (firstLine + mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            throw new RenderException(where + ": invalid YAML: " + oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException e) {
            throw new RenderException(name + ": invalid YAML: " + oneLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new RenderException(name + ": cannot read YAML: " + oneLine(e.getMessage()));
        }
        return out;
    }

    /**
     * The JSON tree of what the safe constructor built, node by node: the same tree
     * {@code valueToTree} gives, without serializing the whole document to a buffer and back
     * (which cost a third of the parse of a 12 MB render).
     */
    static JsonNode toJson(Object value) {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f = JSON.getNodeFactory();
        if (value == null) {
            return f.nullNode();
        } else if (value instanceof Map<?, ?> map) {
            com.fasterxml.jackson.databind.node.ObjectNode o = f.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), toJson(v)));
            return o;
        } else if (value instanceof List<?> list) {
            com.fasterxml.jackson.databind.node.ArrayNode a = f.arrayNode(list.size());
            list.forEach(v -> a.add(toJson(v)));
            return a;
        } else if (value instanceof String str) {
            return f.textNode(str);
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof Integer i) {
            return f.numberNode(i);
        } else if (value instanceof Long l) {
            return f.numberNode(l);
        } else if (value instanceof java.math.BigInteger bi) {
            return f.numberNode(bi);
        } else if (value instanceof Double d) {
            return f.numberNode(d);
        }
        return JSON.valueToTree(value);
    }

    static List<RenderedObject> parseJson(String text, String source) {
        List<RenderedObject> out = new ArrayList<>();
        try (var parser = JSON.createParser(text)) {
            while (parser.nextToken() != null) {
                int line = parser.currentLocation().getLineNr();
                JsonNode node = JSON.readTree(parser);
                addObject(node, source, line, Optional.of(source), out);
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? source : source + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new RenderException(where + ": invalid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new RenderException(source + ": cannot read JSON: " + e.getMessage(), e);
        }
        return out;
    }

    private static void addObject(JsonNode node, String name, int line, Optional<String> origin, List<RenderedObject> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw new RenderException(name + ":" + line + ": a manifest must be a mapping, got " + node.getNodeType().name().toLowerCase());
        }
        if (node.path("kind").asText("").endsWith("List") && node.path("items").isArray()) {
            for (JsonNode item : node.path("items")) {
                addObject(item, name, line, origin, out);
            }
            return;
        }
        try {
            out.add(new RenderedObject(KubeObject.adopt((com.fasterxml.jackson.databind.node.ObjectNode) node), origin));
        } catch (io.jenkins.plugins.gitops.kube.KubeObjectException e) {
            throw new RenderException(name + ":" + line + ": not a Kubernetes object: " + e.getMessage());
        }
    }

    /**
     * Splits a stream at its {@code ---} lines (optionally followed by spaces and a comment):
     * {start, end} of each document, the separator lines excluded. A plain scan, not a regex: it
     * runs over every byte of a 12 MB render.
     */
    static List<int[]> documentRanges(String text) {
        List<int[]> ranges = new ArrayList<>();
        int start = 0;
        int from = 0;
        int n = text.length();
        while (true) {
            int i = text.indexOf("---", from);
            if (i < 0) {
                break;
            }
            from = i + 3;
            if (i > 0 && text.charAt(i - 1) != '\n') {
                continue;
            }
            int j = i + 3;
            while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                j++;
            }
            int lineEnd = text.indexOf('\n', i);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            if (j != lineEnd && text.charAt(j) != '#' && !(text.charAt(j) == '\r' && j + 1 == lineEnd)) {
                continue; // "--- {a: 1}" or "----": content, not a bare separator
            }
            ranges.add(new int[] {start, i});
            start = Math.min(n, lineEnd + 1);
            from = start;
        }
        ranges.add(new int[] {start, n});
        return ranges;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replace('\n', ' ');
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(100);
        // A whole kustomize render is one stream (Kubeflow: 12 MB); the limit guards memory, not size.
        options.setCodePointLimit(256 * 1024 * 1024);
        DumperOptions dump = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options, new StringTimestamps());
    }

    /** Exposes {@code constructDocument} so that documents are built one at a time, after composing gave us their line. */
    private static final class SafeBuilder extends SafeConstructor {
        SafeBuilder() {
            super(options());
            setAllowDuplicateKeys(false); // as kubectl and Argo CD: "key already set in map"
        }

        private static LoaderOptions options() {
            LoaderOptions o = new LoaderOptions();
            o.setAllowDuplicateKeys(false);
            return o;
        }

        Object build(Node node) {
            return constructDocument(node);
        }
    }

    /** YAML 1.1 resolution without timestamps: {@code creationTimestamp: 2024-01-01T00:00:00Z} stays a string. */
    static final class StringTimestamps extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first);
            }
        }

        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
