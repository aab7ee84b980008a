package io.jenkins.plugins.gitops.testkit.kube;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6901 pointer parsing. Jackson has its own JsonPointer, but it silently accepts malformed
 * escapes such as {@code ~2}; a patch with those must be rejected, not half-applied.
 */
final class JsonPointer {

    private JsonPointer() {
    }

    /** The unescaped reference tokens; "" (the whole document) is the empty list. */
    static List<String> parse(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("a JSON pointer must be empty or start with '/'");
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(unescape(raw));
        }
        return tokens;
    }

    private static String unescape(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (next == '0') {
                sb.append('~');
            } else if (next == '1') {
                sb.append('/');
            } else {
                throw new IllegalArgumentException("'~' must be followed by 0 or 1 in a JSON pointer");
            }
            i++;
        }
        return sb.toString();
    }

    /**
     * The array index a token names, or -1 for "-" (past the end). RFC 6901 forbids leading zeros
     * and signs, so "01" and "+1" are errors rather than index 1.
     */
    static int index(String token, int size, boolean allowEnd) {
        if (token.equals("-")) {
            if (!allowEnd) {
                throw new IllegalArgumentException("'-' names no existing array element");
            }
            return size;
        }
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("\"" + token + "\" is not an array index");
        }
        int i = Integer.parseInt(token);
        if (i > size || (i == size && !allowEnd)) {
            throw new IllegalArgumentException("index " + i + " is out of bounds for an array of size " + size);
        }
        return i;
    }
}
