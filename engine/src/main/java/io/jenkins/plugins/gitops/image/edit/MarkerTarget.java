package io.jenkins.plugins.gitops.image.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values marked by a comment on their line, in any YAML file: Flux's setters
 * {@code # {"$imagepolicy": "ns:policy"}} (whole image; {@code :tag}, {@code :name},
 * {@code :digest} for parts) and our own {@code # {"$gitops": "name"}} with the same suffixes,
 * which also sets a plain value (a model's {@code storageUri}) when the update is a value.
 */
public record MarkerTarget(String file) implements WriteTarget {

    private static final Pattern COMMENT = Pattern.compile("^\\s*#\\s*(\\{.*\\})\\s*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String file(Path root) {
        return file;
    }

    @Override
    public List<PlannedEdit> plan(YamlFile f, Desired desired) {
        List<PlannedEdit> edits = new ArrayList<>();
        for (var doc : f.documents) {
            f.eachValue(doc, null, (key, scalar) -> {
                int end = f.valueEnd(scalar);
                Matcher m = COMMENT.matcher(f.text.substring(end, f.lineEnd(end)));
                if (!m.matches()) {
                    return;
                }
                String marker = marker(m.group(1));
                if (marker == null) {
                    return;
                }
                int colon = marker.lastIndexOf(':');
                String suffix = colon >= 0 ? marker.substring(colon + 1) : "";
                String policy = marker;
                if (List.of("tag", "name", "digest").contains(suffix)) {
                    policy = marker.substring(0, colon);
                } else {
                    suffix = "";
                }
                if (!sameName(policy, desired.name())) {
                    return;
                }
                String value = value(desired, suffix, scalar.getValue(), f, end);
                if (value.equals(scalar.getValue())) {
                    return;
                }
                int start = f.valueStart(scalar);
                KeyPath where = KeyPath.parse(key == null ? "item" : key.replace(".", "\\."));
                edits.add(new PlannedEdit(f.replace(scalar, value, where),
                        new ValueChange(desired.name(), f.name, f.line(start), "marker " + marker, scalar.getValue(), value)));
            });
        }
        if (edits.isEmpty() && !mentions(f, desired.name())) {
            throw new ImageUpdateException(f.name + ": no marker for '" + desired.name() + "' (expected a comment like # {\"$imagepolicy\": \"ns:"
                    + desired.name() + "\"} or # {\"$gitops\": \"" + desired.name() + "\"})");
        }
        return edits;
    }

    private static String marker(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode v = node.has("$imagepolicy") ? node.get("$imagepolicy") : node.get("$gitops");
            return v == null || !v.isTextual() ? null : v.asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** {@code flux-system:podinfo} matches the policy {@code podinfo} and {@code flux-system:podinfo}. */
    static boolean sameName(String marker, String name) {
        return marker.equals(name) || marker.substring(marker.indexOf(':') + 1).equals(name)
                || name.substring(name.indexOf(':') + 1).equals(marker);
    }

    private static String value(Desired desired, String suffix, String current, YamlFile f, int at) {
        if (desired instanceof Desired.Value v) {
            if (!suffix.isEmpty()) {
                throw new ImageUpdateException(f.name + ":" + f.line(at) + ": marker with :" + suffix + " needs an image, but '"
                        + v.name() + "' is a value");
            }
            return v.value();
        }
        Desired.Image d = (Desired.Image) desired;
        return switch (suffix) {
            case "tag" -> d.reference().tag().orElse(current);
            case "digest" -> d.reference().digest().orElse(current);
            case "name" -> ImageReference.writtenName(current).isEmpty() ? d.reference().name() : current;
            default -> rewriteImage(current, d.reference());
        };
    }

    /** Keeps the image name as written ({@code docker.io/x} stays) and replaces only tag and digest. */
    static String rewriteImage(String current, ImageReference target) {
        String name = ImageReference.writtenName(current);
        try {
            if (!ImageReference.parse(name).sameImage(target)) {
                name = target.name();
            }
        } catch (ImageUpdateException e) {
            name = target.name();
        }
        return name + target.tag().map(t -> ":" + t).orElse("") + target.digest().map(g -> "@" + g).orElse("");
    }

    private static boolean mentions(YamlFile f, String name) {
        return f.text.contains("\"" + name + "\"") || f.text.contains(":" + name + "\"") || f.text.contains(name + ":tag\"")
                || f.text.contains(name + ":digest\"") || f.text.contains(name + ":name\"");
    }
}
