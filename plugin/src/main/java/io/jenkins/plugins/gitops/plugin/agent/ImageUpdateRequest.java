package io.jenkins.plugins.gitops.plugin.agent;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * An image update in serializable form, without secrets.
 *
 * @param writeBranch       push here instead of {@code branch}; "" for {@code branch}
 * @param messageTemplate   commit message template ({@code {app} {image} {oldTag} {newTag} {images} {changes} {buildUrl}}); "" for the default
 * @param author            {@code Name <email>}; "" for the default
 * @param insecureRegistries registry hosts reached over plain HTTP
 * @param dryRun            choose tags and plan the edits, commit nothing
 * @param vars              commit message variables ({@code app}, {@code buildUrl})
 * @param values            plain values by marker name ({@code # {"$gitops": "name"}}), e.g. a model URI
 * @param valueTargets      {@code marker:FILE} targets holding those markers
 */
public record ImageUpdateRequest(String repo, String branch, String writeBranch, List<ImageRequest> images, String messageTemplate,
        String author, List<String> insecureRegistries, boolean dryRun, Map<String, String> vars,
        Map<String, String> values, List<String> valueTargets) implements Serializable {

    public ImageUpdateRequest {
        branch = branch == null || branch.isBlank() ? "main" : branch.strip();
        writeBranch = writeBranch == null ? "" : writeBranch.strip();
        images = List.copyOf(images);
        messageTemplate = messageTemplate == null ? "" : messageTemplate;
        author = author == null ? "" : author.strip();
        insecureRegistries = List.copyOf(insecureRegistries == null ? List.of() : insecureRegistries);
        vars = Map.copyOf(vars == null ? Map.of() : vars);
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values == null ? Map.of() : values));
        valueTargets = List.copyOf(valueTargets == null ? List.of() : valueTargets);
    }
}
