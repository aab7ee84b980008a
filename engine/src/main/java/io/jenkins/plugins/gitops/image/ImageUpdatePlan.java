package io.jenkins.plugins.gitops.image;

import io.jenkins.plugins.gitops.ResultJson;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.image.policy.ImageDecision;
import java.util.List;
import java.util.Map;

/**
 * What {@link ImageUpdater#update} would change, computed the same way and checked by the same
 * render, with nothing committed or pushed: per image the current value, the one chosen and each
 * file and field it would be written to, and the values set through markers.
 *
 * @param changes      every value that would change, images and marked values alike; empty when all are up to date
 * @param branch       the branch the update would push to
 * @param baseRevision the commit the edits were planned on (full SHA)
 * @param summary      one sentence for logs
 */
public record ImageUpdatePlan(List<ImageDecision> decisions, List<ValueChange> changes, String branch, String baseRevision,
                              String summary) {

    public ImageUpdatePlan {
        decisions = List.copyOf(decisions);
        changes = List.copyOf(changes);
        baseRevision = baseRevision == null ? "" : baseRevision;
    }

    public List<ImageChange> images() {
        return ImageChange.of(decisions, changes);
    }

    /** The same fields as {@link ImageUpdateResult#toMap()}, with nothing committed, and {@code dryRun} true. */
    public Map<String, Object> toMap() {
        return ImageUpdateResult.map(images(), changes, "", baseRevision, false, branch, 0, summary, true);
    }

    public String toJson() {
        return ResultJson.write(toMap());
    }
}
