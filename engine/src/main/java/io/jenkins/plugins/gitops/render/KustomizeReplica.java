package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.util.Map;

/**
 * One entry of Argo CD's {@code kustomize.replicas}: the replica count of the workload called
 * {@code name} (its name before any prefix or suffix, as in kustomize's {@code replicas:}).
 */
public record KustomizeReplica(String name, int count) {

    public KustomizeReplica {
        if (name == null || name.isBlank()) {
            throw new RenderException("kustomize option replicas: a name is required");
        }
        if (count < 0) {
            throw new RenderException("kustomize option replicas: count of '" + name + "' must not be negative, not " + count);
        }
    }

    /**
     * Argo CD takes the count as a number or as a string holding one ({@code "3"}).
     *
     * @param field where the count came from, for the error message
     */
    public static int parseCount(String text, String field) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new RenderException(field + ": '" + text + "' is not a whole number");
        }
    }

    Map<String, Object> toKustomization() {
        return Map.of("name", name, "count", count);
    }
}
