package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.util.ArrayList;
import java.util.List;

/**
 * A path into a YAML document: {@code image.tag}, {@code images[0].tag}, {@code spec.containers[name=web].image}.
 * A backslash escapes a dot or bracket that belongs to a key ({@code annotations.example\.com/x}).
 */
public record KeyPath(List<Segment> segments, String text) {

    /** One step: a mapping key, a sequence index, or the sequence item whose {@code field} equals {@code value}. */
    public sealed interface Segment permits Key, Index, Match {
    }

    public record Key(String name) implements Segment {
    }

    public record Index(int index) implements Segment {
    }

    public record Match(String field, String value) implements Segment {
    }

    public KeyPath {
        segments = List.copyOf(segments);
    }

    public static KeyPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ImageUpdateException("key path is empty");
        }
        List<Segment> out = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                key.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '.') {
                flush(text, key, out, true);
                i++;
            } else if (c == '[') {
                flush(text, key, out, false);
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new ImageUpdateException("key path '" + text + "': '[' without ']'");
                }
                String inside = text.substring(i + 1, close).trim();
                int eq = inside.indexOf('=');
                if (inside.matches("\\d+")) {
                    out.add(new Index(Integer.parseInt(inside)));
                } else if (eq > 0) {
                    out.add(new Match(inside.substring(0, eq).trim(), inside.substring(eq + 1).trim()));
                } else {
                    throw new ImageUpdateException("key path '" + text + "': [" + inside + "] is neither an index nor field=value");
                }
                i = close + 1;
            } else {
                key.append(c);
                i++;
            }
        }
        flush(text, key, out, false);
        if (out.isEmpty()) {
            throw new ImageUpdateException("key path '" + text + "' names nothing");
        }
        return new KeyPath(out, text);
    }

    private static void flush(String text, StringBuilder key, List<Segment> out, boolean required) {
        if (key.length() > 0) {
            out.add(new Key(key.toString()));
            key.setLength(0);
        } else if (required && (out.isEmpty() || out.get(out.size() - 1) instanceof Key)) {
            throw new ImageUpdateException("key path '" + text + "' has an empty key");
        }
    }

    public KeyPath child(String key) {
        List<Segment> s = new ArrayList<>(segments);
        s.add(new Key(key));
        return new KeyPath(s, text + "." + key);
    }

    @Override
    public String toString() {
        return text;
    }
}
