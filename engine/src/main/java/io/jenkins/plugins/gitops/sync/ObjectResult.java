package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.Objects;

/**
 * The outcome for one object.
 *
 * @param key the object
 * @param phase its phase
 * @param wave its wave
 * @param hook whether it is a hook
 * @param action what was done
 * @param reason why it was skipped or failed, or a note ("" otherwise)
 * @param diff unified diff of normalized YAML, Secrets masked ("" when none or not computed)
 */
public record ObjectResult(ResourceKey key, Phase phase, int wave, boolean hook, Action action, String reason, String diff) {

    public ObjectResult {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        reason = reason == null ? "" : reason;
        diff = diff == null ? "" : diff;
    }
}
