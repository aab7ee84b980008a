package io.jenkins.plugins.gitops.rollout;

import io.jenkins.plugins.gitops.GitopsException;

/**
 * An action refused before anything was written: bad input (unknown action, no such Rollout, not a
 * Rollout, not the app's) or nothing to do (already promoted, not aborted). The CLI exits 2 on it.
 */
public final class RolloutRefusal extends GitopsException {

    private static final long serialVersionUID = 1L;

    public RolloutRefusal(String message) {
        super(message);
    }
}
