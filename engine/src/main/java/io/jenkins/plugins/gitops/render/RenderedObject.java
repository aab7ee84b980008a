package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Objects;
import java.util.Optional;

/**
 * One rendered object and where it came from: a file relative to the repository root (directory
 * renders), a chart template (Helm's {@code # Source:} comment), or nothing (kustomize does not say).
 */
public record RenderedObject(KubeObject object, Optional<String> source) {

    public RenderedObject {
        Objects.requireNonNull(object, "object");
        source = source == null ? Optional.empty() : source;
    }

    /** {@code Kind/ns/name (from path)} for messages. */
    public String describe() {
        return object.key() + source.map(s -> " (from " + s + ")").orElse("");
    }
}
