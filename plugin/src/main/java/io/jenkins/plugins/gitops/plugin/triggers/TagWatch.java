package io.jenkins.plugins.gitops.plugin.triggers;

import java.util.ArrayList;
import java.util.List;

/**
 * What a registry trigger has seen, persisted beside the job ({@code gitops-registry-trigger.xml})
 * so a restart or a reconfiguration with the same image and policy never fires twice for a tag.
 * The first poll records a baseline and fires nothing: a new trigger does not build for a tag that
 * was there before it. Pure logic, no Jenkins types.
 */
public final class TagWatch {

    static final int MAX_REMEMBERED = 200;

    private String watch;
    private final List<String> seen = new ArrayList<>();

    /**
     * @param watch what is watched (image and policy): when it changes, the history starts again
     * @param key   the chosen tag (or {@code tag@digest} for the digest strategy)
     * @return true when a build should start for {@code key}
     */
    public synchronized boolean offer(String watch, String key) {
        if (!watch.equals(this.watch)) {
            this.watch = watch;
            seen.clear();
            seen.add(key);
            return false;
        }
        if (seen.contains(key)) {
            return false;
        }
        seen.add(key);
        while (seen.size() > MAX_REMEMBERED) {
            seen.remove(0);
        }
        return true;
    }

    public synchronized List<String> getSeen() {
        return List.copyOf(seen);
    }
}
