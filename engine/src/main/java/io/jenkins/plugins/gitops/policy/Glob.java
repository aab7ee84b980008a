package io.jenkins.plugins.gitops.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob pattern as Argo CD's projects match them (gobwas/glob): {@code *} any run of characters
 * but the separator, {@code **} any run at all, {@code ?} one character but the separator,
 * {@code [abc]} / {@code [a-z]} / {@code [!abc]} a class, {@code {a,b}} alternatives, {@code \}
 * escapes the next character. Without a separator {@code *} crosses everything (destinations);
 * source repositories use {@code /}, so {@code https://git.example.com/ml/*} does not admit
 * {@code https://git.example.com/ml/x/y}. A pattern that does not compile is refused when read,
 * not matched as false later.
 */
public final class Glob {

    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    /** Compiles {@code pattern}; {@code separator} 0 for none. */
    public static Glob of(String pattern, char separator) {
        Objects.requireNonNull(pattern, "pattern");
        return new Glob(pattern, Pattern.compile(translate(pattern, separator), Pattern.DOTALL));
    }

    public boolean matches(String text) {
        return regex.matcher(text == null ? "" : text).matches();
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    private static String translate(String p, char sep) {
        String notSep = sep == 0 ? "." : "[^" + Pattern.quote(String.valueOf(sep)) + "]";
        StringBuilder out = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= p.length()) {
                        throw new IllegalArgumentException("pattern '" + p + "' ends with an escape (\\)");
                    }
                    out.append(Pattern.quote(String.valueOf(p.charAt(++i))));
                }
                case '*' -> {
                    if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
                        out.append(".*");
                        i++;
                    } else {
                        out.append(notSep).append('*');
                    }
                }
                case '?' -> out.append(notSep);
                case '[' -> {
                    int end = p.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("pattern '" + p + "': '[' at " + i + " is not closed");
                    }
                    String body = p.substring(i + 1, end);
                    boolean negated = body.startsWith("!") || body.startsWith("^");
                    if (negated) {
                        body = body.substring(1);
                    }
                    StringBuilder cls = new StringBuilder(negated ? "[^" : "[");
                    for (char b : body.toCharArray()) {
                        cls.append(b == '-' || Character.isLetterOrDigit(b) ? String.valueOf(b) : "\\" + b);
                    }
                    out.append(cls).append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    out.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new IllegalArgumentException("pattern '" + p + "': '}' at " + i + " has no '{'");
                    }
                    braces--;
                    out.append(')');
                }
                case ',' -> out.append(braces > 0 ? "|" : ",");
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("pattern '" + p + "': '{' is not closed");
        }
        return out.toString();
    }
}
