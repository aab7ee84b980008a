package io.jenkins.plugins.gitops.sync;

import java.util.Objects;

/**
 * One sync in an app's history.
 *
 * @param id increasing from 1
 * @param revision the commit synced ("" for a plain file)
 * @param digest the rendered set's digest ({@code sha256:...})
 * @param time when it finished (or, while {@link #RUNNING}, started), ISO-8601 UTC
 * @param initiator who or what started it (a build URL when Jenkins did)
 * @param result {@code Succeeded}, {@code Running} (written before the first write; left so when the
 *        process died), or {@code Failed} with a message after a colon
 * @param manifests the ConfigMap name prefix and chunk count holding the compressed manifests
 *        ({@code name/3}), or "" when they were not stored; Secrets in them are digests only
 * @param source where the set was rendered from, so a rollback can render its Secrets again
 * @param wrote for a sync that did not succeed, what it wrote before it stopped ("" otherwise)
 */
public record HistoryEntry(int id, String revision, String digest, String time, String initiator, String result, String manifests,
                           RenderSource source, String wrote) {

    public static final String RUNNING = "Running";

    public HistoryEntry {
        revision = revision == null ? "" : revision;
        Objects.requireNonNull(digest, "digest");
        time = time == null ? "" : time;
        initiator = initiator == null ? "" : initiator;
        result = result == null ? "" : result;
        manifests = manifests == null ? "" : manifests;
        source = source == null ? RenderSource.none() : source;
        wrote = wrote == null ? "" : wrote;
    }

    public HistoryEntry(int id, String revision, String digest, String time, String initiator, String result, String manifests) {
        this(id, revision, digest, time, initiator, result, manifests, RenderSource.none(), "");
    }

    public boolean succeeded() {
        return result.startsWith("Succeeded");
    }

    public boolean running() {
        return result.equals(RUNNING);
    }

    HistoryEntry finished(String newResult, String newWrote, String newTime) {
        return new HistoryEntry(id, revision, digest, newTime, initiator, newResult, manifests, source, newWrote);
    }
}
