package io.jenkins.plugins.gitops.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which versions of a model count as a release to deploy: LIVE ones (archived versions are
 * withdrawn), whose name matches {@code versionPattern} (whole name; empty for any) and whose custom
 * properties carry every {@code required} pair (a promotion marker such as {@code stage=production}
 * set by whoever approves a model). The newest by creation time wins.
 */
public record ModelVersionPolicy(String versionPattern, Map<String, String> required) {

    public ModelVersionPolicy {
        versionPattern = versionPattern == null ? "" : versionPattern.strip();
        required = Map.copyOf(required == null ? Map.of() : required);
        if (!versionPattern.isEmpty()) {
            try {
                Pattern.compile(versionPattern);
            } catch (PatternSyntaxException e) {
                throw new ModelRegistryException("versionPattern: not a regular expression: '" + versionPattern + "': "
                        + e.getDescription(), 0);
            }
        }
    }

    public static ModelVersionPolicy any() {
        return new ModelVersionPolicy("", Map.of());
    }

    /** Reads {@code key=value} lines (or comma-separated pairs), as forms and the CLI give them. */
    public static Map<String, String> parseProperties(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : pairs) {
            for (String pair : raw.split("[,\\n]")) {
                String p = pair.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new ModelRegistryException("properties: '" + p + "' is not key=value", 0);
                }
                out.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        return out;
    }

    public boolean accepts(ModelVersion v) {
        if (!v.live()) {
            return false;
        }
        if (!versionPattern.isEmpty() && !Pattern.compile(versionPattern).matcher(v.name()).matches()) {
            return false;
        }
        return required.entrySet().stream().allMatch(e -> e.getValue().equals(v.properties().get(e.getKey())));
    }

    /** Says what the policy asks, for "no version matches" messages. */
    public String describe() {
        StringBuilder s = new StringBuilder("LIVE");
        if (!versionPattern.isEmpty()) {
            s.append(", name matching '").append(versionPattern).append('\'');
        }
        required.forEach((k, v) -> s.append(", ").append(k).append('=').append(v));
        return s.toString();
    }
}
