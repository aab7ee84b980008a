package io.jenkins.plugins.gitops.image;

import java.util.List;

/**
 * What the write-back did.
 *
 * @param changes  every value changed (file, line, old, new); empty when nothing needed changing
 * @param commit   the commit SHA, or null when nothing was committed
 * @param pushed   whether the commit reached the remote
 * @param branch   the branch pushed to
 * @param attempts pushes tried (more than one when the remote moved meanwhile)
 * @param summary  one sentence for logs: what happened, including "nothing to change"
 */
public record WriteBackResult(List<ValueChange> changes, String commit, boolean pushed, String branch, int attempts, String summary) {

    public WriteBackResult {
        changes = List.copyOf(changes);
    }
}
