package io.jenkins.plugins.gitops.testkit.kube;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A parsed {@code labelSelector} query parameter, following the grammar of Kubernetes'
 * {@code labels.Parse} (k8s.io/apimachinery/pkg/labels/selector.go), so that the emulator accepts
 * and rejects exactly what a real API server does and clients see the same list results.
 *
 * <p>Syntax: comma-separated requirements, each one of {@code k=v}, {@code k==v}, {@code k!=v},
 * {@code k in (a,b)}, {@code k notin (a,b)}, {@code k} (exists), {@code !k} (does not exist),
 * {@code k>n}, {@code k<n} (integer comparisons). Whitespace between tokens is ignored. All
 * requirements must hold (logical AND).
 *
 * <p>Instances are immutable. {@link #toString()} gives a canonical form (requirements sorted by
 * key, set values sorted, {@code ==} written as {@code =}) that {@link #parse} reads back to an
 * equal selector.
 */
public final class LabelSelector {

    /** The operators Kubernetes knows; the canonical spelling is what {@link #toString()} writes. */
    public enum Operator {
        EQUALS("="), NOT_EQUALS("!="), IN(" in "), NOT_IN(" notin "), EXISTS(""), DOES_NOT_EXIST("!"),
        GREATER_THAN(">"), LESS_THAN("<");

        private final String spelling;

        Operator(String spelling) {
            this.spelling = spelling;
        }
    }

    /** One requirement; values are kept sorted so that equality and toString are canonical. */
    public record Requirement(String key, Operator operator, SortedSet<String> values) {

        /** Checks the value count per operator, so a hand-built requirement cannot fail later in matches(). */
        public Requirement {
            values = Collections.unmodifiableSortedSet(new TreeSet<>(values));
            boolean ok;
            switch (operator) {
                case EXISTS:
                case DOES_NOT_EXIST:
                    ok = values.isEmpty();
                    break;
                case IN:
                case NOT_IN:
                    ok = !values.isEmpty();
                    break;
                default:
                    ok = values.size() == 1;
            }
            if (!ok) {
                throw new IllegalArgumentException("label requirement " + key + " " + operator + " cannot have values " + values);
            }
        }

        /** Kubernetes semantics: the negative operators also match when the label is absent. */
        public boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            switch (operator) {
                case EQUALS:
                case IN:
                    return actual != null && values.contains(actual);
                case NOT_EQUALS:
                case NOT_IN:
                    return actual == null || !values.contains(actual);
                case EXISTS:
                    return actual != null;
                case DOES_NOT_EXIST:
                    return actual == null;
                case GREATER_THAN:
                case LESS_THAN:
                    return compareAsInteger(actual);
                default:
                    throw new IllegalStateException(operator.name());
            }
        }

        private boolean compareAsInteger(String actual) {
            // As in Kubernetes: a label that is absent or not an integer never satisfies > or <.
            if (actual == null) {
                return false;
            }
            long have;
            try {
                have = Long.parseLong(actual);
            } catch (NumberFormatException e) {
                return false;
            }
            long want = Long.parseLong(values.first());
            return operator == Operator.GREATER_THAN ? have > want : have < want;
        }

        @Override
        public String toString() {
            switch (operator) {
                case EXISTS:
                    return key;
                case DOES_NOT_EXIST:
                    return "!" + key;
                case IN:
                case NOT_IN:
                    return key + operator.spelling + "(" + String.join(",", values) + ")";
                default:
                    return key + operator.spelling + values.first();
            }
        }
    }

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    // Label keys: optional DNS-1123 subdomain prefix and "/", then a name; values look like names.
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 63;
    private static final int MAX_PREFIX = 253;

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        // Kubernetes sorts requirements by key (stably) when parsing; so do we, for a canonical toString.
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(Requirement::key));
        this.requirements = List.copyOf(sorted);
    }

    /** The selector that matches every object, as an absent or empty query parameter does. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses a selector. Null or blank means "everything".
     *
     * @throws IllegalArgumentException quoting the selector and saying what is wrong; the HTTP
     *     layer returns it as a 400 Bad Request.
     */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        return new LabelSelector(new Parser(selector).parse());
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    /** True when every requirement holds for these labels; a null map means "no labels". */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(actual)) {
                return false;
            }
        }
        return true;
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
        return o instanceof LabelSelector && ((LabelSelector) o).requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requirements);
    }

    /** Validates a label key the way Kubernetes' IsQualifiedName does; returns a problem or null. */
    static String keyProblem(String key) {
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                return "label key \"" + key + "\" has an empty prefix before '/'";
            }
            if (prefix.length() > MAX_PREFIX || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "label key prefix \"" + prefix + "\" must be a lowercase DNS subdomain of at most " + MAX_PREFIX + " characters";
            }
            if (name.indexOf('/') >= 0) {
                return "label key \"" + key + "\" has more than one '/'";
            }
        }
        if (name.isEmpty()) {
            return "label key \"" + key + "\" has an empty name";
        }
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            return "label key name \"" + name + "\" must be at most " + MAX_NAME
                    + " characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }
        return null;
    }

    /** Validates a label value (may be empty); returns a problem or null. */
    static String valueProblem(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_NAME || !NAME.matcher(value).matches()) {
            return "label value \"" + value + "\" must be empty or at most " + MAX_NAME
                    + " characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }
        return null;
    }

    /**
     * A hand-written recursive-descent parser over a tiny lexer, mirroring the structure of the
     * Kubernetes one so that edge cases (empty values, {@code in ()}, trailing commas inside a
     * set) behave the same.
     */
    private static final class Parser {
        private final String input;
        private final List<Token> tokens;
        private int next;

        Parser(String input) {
            this.input = input;
            this.tokens = new Lexer(input).tokens();
        }

        List<Requirement> parse() {
            List<Requirement> result = new ArrayList<>();
            while (true) {
                result.add(requirement());
                Token t = take();
                if (t.type == TokenType.END) {
                    return result;
                }
                if (t.type != TokenType.COMMA) {
                    throw fail(t, "expected ',' or end of selector");
                }
            }
        }

        private Requirement requirement() {
            Token first = take();
            if (first.type == TokenType.NOT) {
                Token key = take();
                if (key.type != TokenType.WORD) {
                    throw fail(key, "expected a label key after '!'");
                }
                checkKey(key);
                Token after = peek();
                if (after.type != TokenType.COMMA && after.type != TokenType.END) {
                    throw fail(after, "'!" + key.text + "' must stand alone (expected ',' or end of selector)");
                }
                return new Requirement(key.text, Operator.DOES_NOT_EXIST, new TreeSet<>());
            }
            if (first.type != TokenType.WORD) {
                throw fail(first, "expected a label key");
            }
            checkKey(first);
            Token op = peek();
            switch (op.type) {
                case COMMA:
                case END:
                    return new Requirement(first.text, Operator.EXISTS, new TreeSet<>());
                case EQ:
                case DEQ:
                case NEQ:
                    take();
                    return new Requirement(first.text, op.type == TokenType.NEQ ? Operator.NOT_EQUALS : Operator.EQUALS, single(exactValue(op)));
                case GT:
                case LT:
                    take();
                    return new Requirement(first.text, op.type == TokenType.GT ? Operator.GREATER_THAN : Operator.LESS_THAN, single(integerValue(op)));
                case WORD:
                    if (op.text.equals("in") || op.text.equals("notin")) {
                        take();
                        return new Requirement(first.text, op.text.equals("in") ? Operator.IN : Operator.NOT_IN, valueSet(op));
                    }
                    throw fail(op, "expected an operator (=, ==, !=, in, notin, >, <) after key \"" + first.text + "\"");
                default:
                    throw fail(op, "expected an operator (=, ==, !=, in, notin, >, <) after key \"" + first.text + "\"");
            }
        }

        private String exactValue(Token op) {
            Token t = peek();
            // "k=" with nothing after it selects the empty value, as in Kubernetes.
            if (t.type == TokenType.COMMA || t.type == TokenType.END) {
                return "";
            }
            if (t.type != TokenType.WORD) {
                throw fail(t, "expected a value after '" + op.text + "'");
            }
            take();
            checkValue(t);
            return t.text;
        }

        private String integerValue(Token op) {
            Token t = take();
            if (t.type != TokenType.WORD) {
                throw fail(t, "expected an integer after '" + op.text + "'");
            }
            try {
                Long.parseLong(t.text);
            } catch (NumberFormatException e) {
                throw fail(t, "value \"" + t.text + "\" after '" + op.text + "' must be an integer");
            }
            return t.text;
        }

        private SortedSet<String> valueSet(Token op) {
            Token open = take();
            if (open.type != TokenType.OPEN) {
                throw fail(open, "expected '(' after '" + op.text + "'");
            }
            SortedSet<String> values = new TreeSet<>();
            // Empty slots ("()", "(a,)", "(,a)") stand for the empty value, as in Kubernetes.
            boolean expectValue = true;
            while (true) {
                Token t = take();
                switch (t.type) {
                    case WORD:
                        if (!expectValue) {
                            throw fail(t, "expected ',' or ')' in the value list of '" + op.text + "'");
                        }
                        checkValue(t);
                        values.add(t.text);
                        expectValue = false;
                        break;
                    case COMMA:
                        if (expectValue) {
                            values.add("");
                        }
                        expectValue = true;
                        break;
                    case CLOSE:
                        if (expectValue) {
                            values.add("");
                        }
                        return values;
                    default:
                        throw fail(t, "expected a value, ',' or ')' in the value list of '" + op.text + "'");
                }
            }
        }

        private static SortedSet<String> single(String value) {
            SortedSet<String> s = new TreeSet<>();
            s.add(value);
            return s;
        }

        private void checkKey(Token t) {
            String problem = keyProblem(t.text);
            if (problem != null) {
                throw fail(t, problem);
            }
        }

        private void checkValue(Token t) {
            String problem = valueProblem(t.text);
            if (problem != null) {
                throw fail(t, problem);
            }
        }

        private Token take() {
            return tokens.get(Math.min(next++, tokens.size() - 1));
        }

        private Token peek() {
            return tokens.get(Math.min(next, tokens.size() - 1));
        }

        IllegalArgumentException fail(Token at, String problem) {
            String where = at.type == TokenType.END ? "at end of input" : "at position " + at.position + " ('" + at.text + "')";
            return new IllegalArgumentException("invalid label selector \"" + input + "\": " + problem + " " + where);
        }
    }

    private enum TokenType { WORD, COMMA, OPEN, CLOSE, EQ, DEQ, NEQ, NOT, GT, LT, END }

    private record Token(TokenType type, String text, int position) {
    }

    /** Splits the input into words and punctuation; "in"/"notin" are told apart by the parser. */
    private static final class Lexer {
        private final String s;

        Lexer(String s) {
            this.s = s;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == ',') {
                    out.add(new Token(TokenType.COMMA, ",", i++));
                } else if (c == '(') {
                    out.add(new Token(TokenType.OPEN, "(", i++));
                } else if (c == ')') {
                    out.add(new Token(TokenType.CLOSE, ")", i++));
                } else if (c == '>') {
                    out.add(new Token(TokenType.GT, ">", i++));
                } else if (c == '<') {
                    out.add(new Token(TokenType.LT, "<", i++));
                } else if (c == '=') {
                    boolean dbl = i + 1 < s.length() && s.charAt(i + 1) == '=';
                    out.add(new Token(dbl ? TokenType.DEQ : TokenType.EQ, dbl ? "==" : "=", i));
                    i += dbl ? 2 : 1;
                } else if (c == '!') {
                    boolean neq = i + 1 < s.length() && s.charAt(i + 1) == '=';
                    out.add(new Token(neq ? TokenType.NEQ : TokenType.NOT, neq ? "!=" : "!", i));
                    i += neq ? 2 : 1;
                } else {
                    int start = i;
                    while (i < s.length() && isWordChar(s.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(TokenType.WORD, s.substring(start, i), start));
                }
            }
            out.add(new Token(TokenType.END, "", s.length()));
            return out;
        }

        private static boolean isWordChar(char c) {
            return !Character.isWhitespace(c) && ",()=!<>".indexOf(c) < 0;
        }
    }
}
