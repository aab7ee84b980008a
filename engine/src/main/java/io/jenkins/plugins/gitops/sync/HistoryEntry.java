package io.jenkins.plugins.gitops.sync;

import java.util.Objects;

/**
 * One sync in an app's history.
 *
 * @param id increasing from 1
 * @param revision the commit synced ("" for a plain file)
 * @param digest the rendered set's digest ({@code sha256:...})
 * @param time when it finished, ISO-8601 UTC
 * @param initiator who or what started it (a build URL when Jenkins did)
 * @param result {@code Succeeded} or {@code Failed}, with a message after a colon when failed
 * @param manifests the ConfigMap name prefix and chunk count holding the compressed manifests
 *        ({@code name/3}), or "" when they were not stored
 */
public record HistoryEntry(int id, String revision, String digest, String time, String initiator, String result, String manifests) {

    public HistoryEntry {
        revision = revision == null ? "" : revision;
        Objects.requireNonNull(digest, "digest");
        time = time == null ? "" : time;
        initiator = initiator == null ? "" : initiator;
        result = result == null ? "" : result;
        manifests = manifests == null ? "" : manifests;
    }

    public boolean succeeded() {
        return result.startsWith("Succeeded");
    }
}
