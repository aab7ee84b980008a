package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.OptionalLong;

/**
 * Compares {@code metadata.generation} with {@code status.observedGeneration}. A status written for
 * an older generation describes a spec that no longer exists, so whatever it says, the object can
 * at best be progressing: this is what makes a wait right after an apply trustworthy.
 */
final class Generation {

    private Generation() {
    }

    static long desired(KubeObject obj) {
        return obj.at("/metadata/generation").asLong(0);
    }

    /**
     * The generation the controller last reported on; empty when the status does not say, or says
     * something that is not a number (Argo Rollouts before v0.10 wrote a hash there).
     */
    static OptionalLong observed(KubeObject obj) {
        JsonNode n = obj.at("/status/observedGeneration");
        if (n.isNumber()) {
            return OptionalLong.of(n.asLong());
        }
        if (n.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(n.asText().strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** True when the status reports on a generation older than the spec (Argo CD's test). */
    static boolean behind(KubeObject obj) {
        OptionalLong seen = observed(obj);
        return seen.isPresent() && seen.getAsLong() < desired(obj);
    }

    /** The message every rule uses for a stale status, so reports read the same across kinds. */
    static Health progressing(KubeObject obj) {
        return Health.progressing("Waiting for the controller to observe generation " + desired(obj)
                + " (observed " + observed(obj).orElse(0) + ")");
    }
}
