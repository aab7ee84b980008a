package io.jenkins.plugins.gitops.image.writeback;

import io.jenkins.plugins.gitops.image.edit.ValueChange;
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
 * @param baseRevision the commit the changes were planned on (of the last attempt): the branch's head before the commit
 */
public record WriteBackResult(List<ValueChange> changes, String commit, boolean pushed, String branch, int attempts, String summary,
                              String baseRevision) {

    public WriteBackResult {
        changes = List.copyOf(changes);
        baseRevision = baseRevision == null ? "" : baseRevision;
    }

    public WriteBackResult(List<ValueChange> changes, String commit, boolean pushed, String branch, int attempts, String summary) {
        this(changes, commit, pushed, branch, attempts, summary, "");
    }
}
