package io.jenkins.plugins.gitops.image;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.ResultJson;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.image.policy.ImageDecision;
import io.jenkins.plugins.gitops.image.writeback.WriteBackResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per image the decision, then what the write-back did. */
public record ImageUpdateResult(List<ImageDecision> decisions, WriteBackResult writeBack) {

    public ImageUpdateResult {
        decisions = List.copyOf(decisions);
    }

    /** Per image what it held, what was chosen and where it was written. */
    public List<ImageChange> images() {
        return ImageChange.of(decisions, writeBack.changes());
    }

    /**
     * The one external form ({@code --output json}, the {@code imageUpdate} step's return value):
     * {@code images} ({@link ImageChange#toMap()}), {@code changes} ({@link ValueChange#toMap()}),
     * {@code revision} and {@code shortRevision} of the commit pushed ("" when none),
     * {@code baseRevision} (the commit the edits were made on), {@code pushed}, {@code branch},
     * {@code attempts}, {@code summary}, {@code dryRun}.
     */
    public Map<String, Object> toMap() {
        return map(images(), writeBack.changes(), writeBack.commit(), writeBack.baseRevision(), writeBack.pushed(), writeBack.branch(),
                writeBack.attempts(), writeBack.summary(), false);
    }

    public String toJson() {
        return ResultJson.write(toMap());
    }

    /** The form shared with {@link ImageUpdatePlan#toMap()}, so that a dry run and an update read alike. */
    static Map<String, Object> map(List<ImageChange> images, List<ValueChange> changes, String revision, String baseRevision,
            boolean pushed, String branch, int attempts, String summary, boolean dryRun) {
        String rev = revision == null ? "" : revision;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", images.stream().map(ImageChange::toMap).toList());
        m.put("changes", changes.stream().map(ValueChange::toMap).toList());
        m.put("revision", rev);
        m.put("shortRevision", Defaults.shortSha(rev));
        m.put("baseRevision", baseRevision == null ? "" : baseRevision);
        m.put("pushed", pushed);
        m.put("branch", branch == null ? "" : branch);
        m.put("attempts", attempts);
        m.put("summary", summary == null ? "" : summary);
        m.put("dryRun", dryRun);
        return m;
    }
}
