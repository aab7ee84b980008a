package io.jenkins.plugins.gitops.plugin.triggers;

import java.util.ArrayList;
import java.util.List;

/**
 * What a drift trigger has seen, persisted beside the job ({@code gitops-drift-trigger.xml}): the
 * last revision of the branch, and the (revision, drift digest) pairs it has fired for, so that it
 * never fires twice for the same pair, across restarts too. Pure logic, no Jenkins types.
 */
public final class DriftWatch {

    static final int MAX_REMEMBERED = 200;

    private String watch;
    private String lastRevision;
    private final List<String> fired = new ArrayList<>();

    /** Why a poll fires, or null. */
    public enum Reason {
        DRIFT, BRANCH_MOVED
    }

    /**
     * @param watch       what is watched (app, repository, path, branch): when it changes, the history starts again
     * @param revision    the commit the branch points at now
     * @param driftDigest a digest of the differences between Git and the cluster; "" when in sync
     * @return why a build should start, or null when it should not
     */
    public synchronized Reason offer(String watch, String revision, String driftDigest) {
        if (!watch.equals(this.watch)) {
            this.watch = watch;
            this.lastRevision = null;
            fired.clear();
        }
        boolean moved = lastRevision != null && !lastRevision.equals(revision);
        lastRevision = revision;
        boolean drifted = !driftDigest.isEmpty();
        if (!moved && !drifted) {
            return null;
        }
        String key = revision + " " + driftDigest;
        if (fired.contains(key)) {
            return null;
        }
        fired.add(key);
        while (fired.size() > MAX_REMEMBERED) {
            fired.remove(0);
        }
        return drifted ? Reason.DRIFT : Reason.BRANCH_MOVED;
    }

    public synchronized String getLastRevision() {
        return lastRevision;
    }

    public synchronized List<String> getFired() {
        return List.copyOf(fired);
    }
}
