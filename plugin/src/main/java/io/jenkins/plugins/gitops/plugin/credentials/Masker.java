package io.jenkins.plugins.gitops.plugin.credentials;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replaces secrets in text before it reaches the build log or a result. The engine already keeps
 * secrets out of its messages; this is the second line, for text that came from libraries and
 * tools (Git, Helm, kustomize, registries) we do not control. Longest secrets first, so a secret
 * that contains another is replaced whole. Secrets shorter than three characters are not masked
 * (they would mask ordinary words), like credentials-binding's {@code SecretPatterns}.
 */
public final class Masker implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String MASK = "****";
    private static final int MINIMUM_LENGTH = 3;

    private final List<String> secrets;

    public Masker(Collection<String> secrets) {
        List<String> s = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MINIMUM_LENGTH && !s.contains(secret)) {
                s.add(secret);
            }
        }
        s.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(s);
    }

    public static Masker none() {
        return new Masker(List.of());
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /**
     * A copy of a result map ({@code toMap()} of an engine result) with every string in it masked,
     * in nested maps and lists too; keys and other values are kept. Unlike masking the map's JSON
     * text, a secret that JSON would escape (a quote, a backslash, a newline) is still found.
     */
    public Map<String, Object> maskValues(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, maskValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object maskValue(Object v) {
        if (v instanceof String s) {
            return mask(s);
        }
        if (v instanceof Map<?, ?> m) {
            return maskValues((Map<String, ?>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(maskValue(x)));
            return out;
        }
        return v;
    }

    /** A log line consumer that masks, then prints to {@code out}. */
    public Consumer<String> lines(PrintStream out) {
        return line -> out.println(mask(line));
    }

    @Override
    public String toString() {
        return "Masker[" + secrets.size() + " secret(s)]";
    }
}
