package io.jenkins.plugins.gitops.image;

import java.util.List;

/** Per image the decision, then what the write-back did. */
public record ImageUpdateResult(List<ImageDecision> decisions, WriteBackResult writeBack) {

    public ImageUpdateResult {
        decisions = List.copyOf(decisions);
    }
}
