package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The three patch types of the Kubernetes API ({@code application/merge-patch+json},
 * {@code application/json-patch+json}, {@code application/strategic-merge-patch+json}). Each
 * method returns a new tree and never mutates its inputs, so the emulator can keep the stored
 * object untouched when a patch fails halfway.
 */
public final class Patches {

    private Patches() {
    }

    /** RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces. */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        return JsonMergePatch.apply(target, patch);
    }

    /** RFC 6902 JSON patch: an array of add/remove/replace/move/copy/test operations. */
    public static JsonNode jsonPatch(JsonNode target, JsonNode operations) {
        return JsonPatch.apply(target, operations);
    }

    /** Kubernetes strategic merge patch; {@code schema} says how each list is merged. */
    public static JsonNode strategicMergePatch(JsonNode target, JsonNode patch, ListSchema schema) {
        return StrategicMergePatch.apply(target, patch, schema);
    }
}
