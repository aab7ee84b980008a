package io.jenkins.plugins.gitops.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document of the plain block style that tools print (kustomize's kyaml, {@code helm
 * template}) straight into a JSON tree: block mappings and sequences, plain, single- and
 * double-quoted one-line scalars, literal block scalars, {@code []} and {@code {}}, comments.
 *
 * <p>Why: SnakeYAML's scanner, parser, composer and constructor cost 0.4 s for the 12 MB Kubeflow
 * render on 2 cores, which made a render slower than {@code kubectl kustomize} alone. This reader
 * is several times faster on that subset and accepts nothing else: any other construct (anchors,
 * aliases, tags, flow collections with content, folded or indented block scalars, multi-line flow
 * scalars, tabs, duplicate keys, non-string keys, YAML 1.1 octal/hex/sexagesimal numbers...) makes
 * {@link #read} return {@link #UNSUPPORTED}, and the caller parses that document with SnakeYAML's
 * safe loader, which also produces every error message. Plain scalars are typed by SnakeYAML's own
 * {@link Resolver} (YAML 1.1 as SnakeYAML, timestamps kept as strings), so both paths build equal
 * trees; {@code BlockYamlReaderTest} checks that on the whole Kubeflow render.
 */
final class BlockYamlReader {

    /** Returned when the document uses something this reader leaves to SnakeYAML. */
    static final JsonNode UNSUPPORTED = JsonNodeFactory.instance.missingNode();

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Resolver RESOLVER = new ManifestParser.StringTimestamps();
    private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?(?:0|[1-9][0-9]*)");
    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final int MAX_DEPTH = 100; // as the safe loader's nesting limit

    /** Thrown inside the reader to give up on a document; no stack trace, it is not an error. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    private final String s;
    private final int[] start;
    private final int[] end;
    /** Indentation of each line; -1 for blank or comment-only lines. */
    private final int[] indent;
    private final int lines;
    /** End of the document: a line ending here has no line break (the stream ended). */
    private final int docEnd;
    private int li;
    private int depth;

    private BlockYamlReader(String s, int from, int to) {
        this.s = s;
        this.docEnd = to;
        int count = 1;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                count++;
            }
        }
        start = new int[count];
        end = new int[count];
        indent = new int[count];
        int n = 0;
        int ls = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '\n') {
                if (i == to && ls == to) {
                    break; // no empty last line after a final newline
                }
                start[n] = ls;
                end[n] = i;
                indent[n] = classify(ls, i);
                n++;
                ls = i + 1;
            }
        }
        lines = n;
    }

    /**
     * The document in {@code s[from, to)} as a JSON tree; {@code null} when it holds no node (empty,
     * comments only); {@link #UNSUPPORTED} when SnakeYAML must read it.
     */
    static JsonNode read(String s, int from, int to) {
        try {
            return new BlockYamlReader(s, from, to).document();
        } catch (Unsupported e) {
            return UNSUPPORTED;
        } catch (RuntimeException e) {
            // a slip of this reader must never cost a render: SnakeYAML reads the document instead
            return UNSUPPORTED;
        }
    }

    /** The 0-based line, within the document, of its first node; 0 when it has none. */
    static int firstContentLine(String s, int from, int to) {
        int line = 0;
        int ls = from;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                int k = ls;
                while (k < i && s.charAt(k) == ' ') {
                    k++;
                }
                if (k < i && s.charAt(k) != '#') {
                    return line;
                }
                line++;
                ls = i + 1;
            }
        }
        return line;
    }

    private int classify(int ls, int le) {
        int k = ls;
        while (k < le && s.charAt(k) == ' ') {
            k++;
        }
        if (k == le || s.charAt(k) == '#') {
            return -1;
        }
        char c = s.charAt(k);
        if (c == '\t' || c == '\r' || c == '\uFEFF' || (k == ls && (c == '%' || s.startsWith("...", k) || s.startsWith("---", k)))) {
            throw Unsupported.INSTANCE; // tabs, CRLF, BOM, directives and document markers: SnakeYAML's business
        }
        if (s.charAt(le - 1) == '\r') {
            throw Unsupported.INSTANCE;
        }
        return k - ls;
    }

    private JsonNode document() {
        skipBlank();
        if (li == lines) {
            return null;
        }
        JsonNode node = block(indent[li], start[li] + indent[li]);
        skipBlank();
        if (li != lines) {
            throw Unsupported.INSTANCE;
        }
        return node;
    }

    private void skipBlank() {
        while (li < lines && indent[li] < 0) {
            li++;
        }
    }

    /** A block node whose first line starts at column {@code col}, position {@code pos}. */
    private JsonNode block(int col, int pos) {
        if (++depth > MAX_DEPTH) {
            throw Unsupported.INSTANCE;
        }
        JsonNode node = isDash(pos) ? sequence(col) : mapping(col, pos);
        depth--;
        return node;
    }

    private boolean isDash(int pos) {
        return s.charAt(pos) == '-' && (pos + 1 == end[li] || s.charAt(pos + 1) == ' ');
    }

    private ObjectNode mapping(int col, int pos) {
        ObjectNode map = F.objectNode();
        boolean first = true;
        while (true) {
            if (!first) {
                skipBlank();
                if (li == lines || indent[li] < col) {
                    return map;
                }
                if (indent[li] > col) {
                    throw Unsupported.INSTANCE;
                }
                pos = start[li] + col;
                if (isDash(pos)) {
                    throw Unsupported.INSTANCE;
                }
            }
            first = false;
            int le = end[li];
            int colon = keyEnd(pos, le);
            String key = key(pos, colon);
            if (map.has(key)) {
                throw Unsupported.INSTANCE; // SnakeYAML reports it, with the line
            }
            int v = skipSpaces(colon + 1, le);
            JsonNode value;
            if (v == le || s.charAt(v) == '#') {
                li++;
                value = nested(col, true);
            } else {
                value = inline(v, le, col);
            }
            map.set(key, value);
        }
    }

    private ArrayNode sequence(int col) {
        ArrayNode seq = F.arrayNode();
        while (true) {
            skipBlank();
            if (li == lines || indent[li] < col) {
                return seq;
            }
            int pos = start[li] + col;
            if (indent[li] > col || !isDash(pos)) {
                if (indent[li] == col && seq.isEmpty()) {
                    throw Unsupported.INSTANCE;
                }
                if (indent[li] > col) {
                    throw Unsupported.INSTANCE;
                }
                return seq; // the mapping that holds this sequence goes on
            }
            int le = end[li];
            int v = skipSpaces(pos + 1, le);
            if (v == le || s.charAt(v) == '#') {
                li++;
                seq.add(nested(col, false));
            } else if (isDash(v) || s.charAt(v) == '?') {
                throw Unsupported.INSTANCE; // nested compact sequences, complex keys
            } else if (startsMapping(v, le)) {
                if (++depth > MAX_DEPTH) {
                    throw Unsupported.INSTANCE;
                }
                seq.add(mapping(v - start[li], v));
                depth--;
            } else {
                seq.add(inline(v, le, col));
            }
        }
    }

    /** The value of a key or dash with nothing after it on its line: a nested block, or null. */
    private JsonNode nested(int col, boolean sequenceAtSameColumn) {
        skipBlank();
        if (li < lines) {
            int ind = indent[li];
            if (ind > col) {
                return block(ind, start[li] + ind);
            }
            if (ind == col && sequenceAtSameColumn && isDash(start[li] + col)) {
                if (++depth > MAX_DEPTH) {
                    throw Unsupported.INSTANCE;
                }
                JsonNode seq = sequence(col);
                depth--;
                return seq;
            }
        }
        return F.nullNode();
    }

    /** A scalar (or a one-line flow collection) after a key or dash on line {@code li}; moves past it. */
    private JsonNode inline(int v, int le, int col) {
        char c = s.charAt(v);
        JsonNode node;
        switch (c) {
            case '|' -> {
                return literal(v, le, col);
            }
            case '"', '\'' -> {
                node = F.textNode(quoted(v, col));
                trailer(quoteEnd, end[li]);
            }
            case '[' -> {
                node = flowSequence(v, le);
                trailer(flowEnd, le);
            }
            case '{' -> {
                int close = skipSpaces(v + 1, le);
                if (close == le || s.charAt(close) != '}') {
                    throw Unsupported.INSTANCE; // flow mappings with content
                }
                node = F.objectNode();
                trailer(close + 1, le);
            }
            case '>', '&', '*', '!', '%', '@', '`', '#', ',', ']', '}' -> throw Unsupported.INSTANCE;
            default -> {
                return plain(v, le, col);
            }
        }
        li++;
        return node;
    }

    private int flowEnd;

    /** {@code [a, "b", 'c']} on one line: scalars only, as a tool prints a short list. */
    private ArrayNode flowSequence(int v, int le) {
        ArrayNode seq = F.arrayNode();
        int p = skipSpaces(v + 1, le);
        if (p < le && s.charAt(p) == ']') {
            flowEnd = p + 1;
            return seq;
        }
        while (p < le) {
            char c = s.charAt(p);
            int after;
            if (c == '"' || c == '\'') {
                // no continuation line is indented past MAX_VALUE: an item must close on this line
                seq.add(F.textNode(quoted(p, Integer.MAX_VALUE)));
                after = quoteEnd;
            } else {
                if ("[]{},#&*!|>%@`?:-".indexOf(c) >= 0 && !(c == '-' && p + 1 < le && Character.isDigit(s.charAt(p + 1)))) {
                    throw Unsupported.INSTANCE;
                }
                int q = p;
                while (q < le && ",[]{}#".indexOf(s.charAt(q)) < 0) {
                    q++;
                }
                int e = q;
                while (e > p && s.charAt(e - 1) == ' ') {
                    e--;
                }
                String text = s.substring(p, e);
                if (text.contains(": ") || text.endsWith(":") || text.indexOf('\t') >= 0) {
                    throw Unsupported.INSTANCE;
                }
                seq.add(typed(text));
                after = q;
            }
            p = skipSpaces(after, le);
            if (p < le && s.charAt(p) == ']') {
                flowEnd = p + 1;
                return seq;
            }
            if (p >= le || s.charAt(p) != ',') {
                throw Unsupported.INSTANCE;
            }
            p = skipSpaces(p + 1, le);
        }
        throw Unsupported.INSTANCE; // continues on the next line
    }

    /** After a quoted scalar or an empty flow collection only spaces and a comment may follow. */
    private void trailer(int p, int le) {
        p = skipSpaces(p, le);
        if (p < le && s.charAt(p) != '#') {
            throw Unsupported.INSTANCE;
        }
    }

    /**
     * A plain scalar from {@code v}, continued on following lines indented deeper than {@code col}
     * (folded: one line break is a space, each empty line a newline); moves past it.
     */
    private JsonNode plain(int v, int le, int col) {
        int e = plainEnd(v, le);
        String first = s.substring(v, e);
        if (first.indexOf(": ") >= 0 || first.endsWith(":") || first.indexOf('\t') >= 0
                || ((first.charAt(0) == '-' || first.charAt(0) == '?' || first.charAt(0) == ':') && (first.length() == 1 || first.charAt(1) == ' '))) {
            throw Unsupported.INSTANCE;
        }
        int after = skipSpaces(e, le);
        boolean commented = after < le && s.charAt(after) == '#';
        StringBuilder b = null;
        int blanks = 0;
        int j = li + 1;
        while (!commented && j < lines) {
            int sp = spaces(j);
            int len = end[j] - start[j];
            if (sp == len) {
                blanks++;
                j++;
                continue;
            }
            if (indent[j] <= col) {
                break; // a comment line or the next entry: the scalar ended
            }
            int ce = plainEnd(start[j] + sp, end[j]);
            String more = s.substring(start[j] + sp, ce);
            if (ce < end[j] || more.indexOf(": ") >= 0 || more.endsWith(":") || more.indexOf('\t') >= 0
                    || more.startsWith("- ") || more.equals("-") || more.startsWith("? ") || more.startsWith(": ")) {
                throw Unsupported.INSTANCE;
            }
            if (b == null) {
                b = new StringBuilder(first);
            }
            if (blanks == 0) {
                b.append(' ');
            } else {
                b.append("\n".repeat(blanks));
            }
            b.append(more);
            blanks = 0;
            li = j;
            j++;
        }
        li++;
        return b == null ? typed(first) : typed(b.toString());
    }

    /** End of a plain scalar: before a {@code " #"} comment, trailing spaces trimmed. */
    private int plainEnd(int v, int le) {
        int e = le;
        for (int i = v + 1; i < le; i++) {
            if (s.charAt(i) == '#' && s.charAt(i - 1) == ' ') {
                e = i;
                break;
            }
        }
        while (e > v && s.charAt(e - 1) == ' ') {
            e--;
        }
        return e;
    }

    /** A plain scalar typed as SnakeYAML types it; only the decimal forms of numbers are built here. */
    private static JsonNode typed(String text) {
        Tag tag = RESOLVER.resolve(NodeId.scalar, text, true);
        if (Tag.STR.equals(tag)) {
            return F.textNode(text);
        }
        if (Tag.NULL.equals(tag)) {
            return F.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            String l = text.toLowerCase(java.util.Locale.ROOT);
            return F.booleanNode(l.equals("true") || l.equals("yes") || l.equals("on"));
        }
        if (Tag.INT.equals(tag) && DECIMAL_INT.matcher(text).matches()) {
            BigInteger b = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
            if (b.bitLength() < 32) {
                return F.numberNode(b.intValue());
            }
            return b.bitLength() < 64 ? F.numberNode(b.longValue()) : F.numberNode(b);
        }
        if (Tag.FLOAT.equals(tag) && DECIMAL_FLOAT.matcher(text).matches()) {
            return F.numberNode(Double.valueOf(text));
        }
        throw Unsupported.INSTANCE;
    }

    /** A key up to its {@code ": "} or final {@code ":"}; plain keys must resolve to strings. */
    private int keyEnd(int pos, int le) {
        char c = s.charAt(pos);
        if (c == '"' || c == '\'' || c == '?' || c == '[' || c == '{' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>'
                || c == '%' || c == '@' || c == '`' || c == '#' || c == ',') {
            throw Unsupported.INSTANCE; // quoted and complex keys are rare in rendered manifests
        }
        for (int i = pos; i < le; i++) {
            char ch = s.charAt(i);
            if (ch == ':' && (i + 1 == le || s.charAt(i + 1) == ' ')) {
                return i;
            }
            if (ch == '#' && i > pos && s.charAt(i - 1) == ' ') {
                break;
            }
        }
        throw Unsupported.INSTANCE; // not a mapping entry: SnakeYAML will say what it is
    }

    private String key(int pos, int colon) {
        if (colon == pos || s.charAt(colon - 1) == ' ' || s.charAt(colon - 1) == '\t') {
            throw Unsupported.INSTANCE;
        }
        String key = s.substring(pos, colon);
        if (!Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, key, true))) {
            throw Unsupported.INSTANCE; // `80:` or `yes:` would be numbers and booleans in SnakeYAML
        }
        return key;
    }

    private boolean startsMapping(int v, int le) {
        char c = s.charAt(v);
        if (c == '"' || c == '\'' || c == '[' || c == '{' || c == '|' || c == '>' || c == '&' || c == '*' || c == '!') {
            return false;
        }
        for (int i = v; i < le; i++) {
            char ch = s.charAt(i);
            if (ch == ':' && (i + 1 == le || s.charAt(i + 1) == ' ')) {
                return true;
            }
            if (ch == '#' && i > v && s.charAt(i - 1) == ' ') {
                return false;
            }
        }
        return false;
    }

    private int skipSpaces(int p, int le) {
        while (p < le && s.charAt(p) == ' ') {
            p++;
        }
        return p;
    }

    private int quoteEnd;

    /**
     * A single- or double-quoted scalar starting at {@code v} on line {@code li}, possibly over
     * several lines indented deeper than {@code col}: trailing and leading white space around a
     * line break go, one break is a space, each empty line a newline, an escaped break joins.
     * Leaves {@code li} on its last line and {@link #quoteEnd} after the closing quote.
     */
    private String quoted(int v, int col) {
        boolean dq = s.charAt(v) == '"';
        StringBuilder b = new StringBuilder();
        int kept = 0; // length of b without the unescaped white space at its end
        int p = v + 1;
        while (true) {
            int le = end[li];
            boolean joined = false;
            while (p < le) {
                char ch = s.charAt(p);
                if (!dq && ch == '\'') {
                    if (p + 1 < le && s.charAt(p + 1) == '\'') {
                        b.append('\'');
                        kept = b.length();
                        p += 2;
                        continue;
                    }
                    quoteEnd = p + 1;
                    return b.toString();
                }
                if (dq && ch == '"') {
                    quoteEnd = p + 1;
                    return b.toString();
                }
                if (dq && ch == '\\') {
                    if (p + 1 == le) {
                        joined = true; // an escaped line break keeps the white space before it
                        kept = b.length();
                        p++;
                        break;
                    }
                    p = escape(p + 1, le, b);
                    kept = b.length();
                    continue;
                }
                b.append(ch);
                if (ch != ' ' && ch != '\t') {
                    kept = b.length();
                }
                p++;
            }
            b.setLength(kept);
            int blanks = 0;
            li++;
            while (li < lines && spaces(li) == end[li] - start[li]) {
                blanks++;
                li++;
            }
            if (li == lines || spaces(li) <= col) {
                throw Unsupported.INSTANCE; // unterminated, or continued at an indentation SnakeYAML may read otherwise
            }
            if (!joined) {
                b.append(blanks == 0 ? " " : "\n".repeat(blanks));
            } else if (blanks > 0) {
                b.append("\n".repeat(blanks));
            }
            kept = b.length();
            p = start[li] + spaces(li);
            while (p < end[li] && s.charAt(p) == '\t') {
                p++;
            }
        }
    }

    /** One escape after a backslash at {@code p - 1}; returns the position after it. */
    private int escape(int p, int le, StringBuilder b) {
        char e = s.charAt(p);
        switch (e) {
            case '0' -> b.append('\0');
            case 'a' -> b.append('\u0007');
            case 'b' -> b.append('\b');
            case 't', '\t' -> b.append('\t');
            case 'n' -> b.append('\n');
            case 'v' -> b.append('\u000B');
            case 'f' -> b.append('\f');
            case 'r' -> b.append('\r');
            case 'e' -> b.append('\u001B');
            case ' ' -> b.append(' ');
            case '"' -> b.append('"');
            case '\\' -> b.append('\\');
            case 'N' -> b.append('\u0085');
            case '_' -> b.append('\u00A0');
            case 'L' -> b.append('\u2028');
            case 'P' -> b.append('\u2029');
            case 'x', 'u', 'U' -> {
                int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (p + n >= le) {
                    throw Unsupported.INSTANCE;
                }
                int cp;
                try {
                    cp = Integer.parseUnsignedInt(s.substring(p + 1, p + 1 + n), 16);
                } catch (NumberFormatException x) {
                    throw Unsupported.INSTANCE;
                }
                if (!Character.isValidCodePoint(cp)) {
                    throw Unsupported.INSTANCE;
                }
                b.appendCodePoint(cp);
                return p + 1 + n;
            }
            default -> throw Unsupported.INSTANCE; // SnakeYAML reports unknown escapes
        }
        return p + 1;
    }

    /**
     * A literal block scalar ({@code |}, {@code |-}, {@code |+}) whose header is at {@code v} on
     * line {@code li}, owned by a node at column {@code col}. Content indentation comes from the
     * first non-empty line; an explicit indentation indicator goes to SnakeYAML.
     */
    private JsonNode literal(int v, int le, int col) {
        int p = v + 1;
        char chomp = 'c';
        int increment = 0;
        for (int k = 0; k < 2 && p < le; k++) {
            char h = s.charAt(p);
            if ((h == '-' || h == '+') && chomp == 'c') {
                chomp = h;
                p++;
            } else if (h >= '1' && h <= '9' && increment == 0) {
                increment = h - '0';
                p++;
            }
        }
        trailer(p, le);
        int first = li + 1;
        int contentIndent = -1;
        int maxLeadingBlank = 0;
        for (int i = first; i < lines; i++) {
            int spaces = spaces(i);
            if (spaces == end[i] - start[i]) {
                maxLeadingBlank = Math.max(maxLeadingBlank, spaces);
                continue;
            }
            // with an indentation indicator, the content sits that far right of the owning
            // collection's column (as SnakeYAML and go-yaml count it), and may start with spaces
            contentIndent = increment > 0 ? (spaces >= col + increment ? col + increment : -1) : spaces;
            break;
        }
        if (contentIndent <= col || maxLeadingBlank > contentIndent) {
            throw Unsupported.INSTANCE; // empty scalars and odd leading blank lines
        }
        StringBuilder b = new StringBuilder();
        int lastContentLen = 0;
        int last = first;
        for (int k = first; k < lines; k++) {
            int len = end[k] - start[k];
            int spaces = spaces(k);
            if (spaces == len) {
                if (len > contentIndent) {
                    throw Unsupported.INSTANCE; // a line of spaces that is content
                }
                b.append('\n');
                last = k + 1;
                continue;
            }
            if (spaces < contentIndent) {
                break;
            }
            b.append(s, start[k] + contentIndent, end[k]).append('\n');
            lastContentLen = b.length();
            last = k + 1;
        }
        li = last;
        boolean contentBreak = true;
        if (last > first && end[last - 1] == docEnd) {
            // the stream ends without a line break: the last line has none to keep
            b.setLength(b.length() - 1);
            if (lastContentLen > b.length()) {
                lastContentLen = b.length();
                contentBreak = false;
            }
        }
        String text = b.toString();
        return F.textNode(switch (chomp) {
            case '-' -> text.substring(0, contentBreak ? lastContentLen - 1 : lastContentLen);
            case '+' -> text;
            default -> text.substring(0, lastContentLen);
        });
    }

    private int spaces(int line) {
        int k = start[line];
        while (k < end[line] && s.charAt(k) == ' ') {
            k++;
        }
        return k - start[line];
    }
}
