package io.jenkins.plugins.gitops.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An empty desired set is refused unless the sync allows it, as Argo CD's
 * {@code syncPolicy.automated.allowEmpty}: a render that went wrong (a comment-only file, a wrong
 * path, every document filtered away) must not prune a whole app. Checked once, in the engine,
 * after the live state is read and before anything is written, for the CLI, the steps, rollbacks
 * and app-of-apps trees alike.
 */
final class EmptySet {

    private EmptySet() {
    }

    /** True when {@link #check} will refuse the set for being empty (whatever the cluster holds). */
    static boolean refused(List<Task> all, SyncOptions opts) {
        return !opts.allowEmpty() && all.stream().allMatch(Task::hook);
    }

    /**
     * @param rendered how many objects the caller gave (before Skip hooks and {@code only})
     * @param all the tasks for every object but Skip hooks
     * @param selected the tasks {@code only} kept
     * @param prunes the objects of the app the set no longer has
     */
    static void check(int rendered, List<Task> all, List<Task> selected, List<Plan.PruneTask> prunes, SyncOptions opts) {
        if (!opts.only().isEmpty() && selected.isEmpty()) {
            throw (SyncException) new SyncException("app " + opts.app() + ": the selection " + String.join(",", new java.util.TreeSet<>(opts.only()))
                    + " matches none of the " + all.size() + " objects of the set; nothing was written").asBadInput();
        }
        if (!refused(all, opts)) {
            return;
        }
        String what = rendered == 0 ? "0 objects" : rendered + " object(s), none of them ordinary objects (Skip hooks and hooks only)";
        String effect;
        List<Plan.PruneTask> deletable = prunes.stream().filter(p -> !p.keep()).toList();
        if (deletable.isEmpty()) {
            effect = "there is nothing to sync";
        } else if (opts.prune()) {
            effect = "pruning would delete all " + deletable.size() + " objects of the app (" + kinds(deletable) + ")";
        } else {
            effect = "the app's " + deletable.size() + " objects (" + kinds(deletable) + ") would all be left as extra";
        }
        throw (SyncException) new SyncException("app " + opts.app() + ": refused: the desired set is empty (" + what + ") and " + effect
                + "; nothing was written" + (opts.dryRun() ? " (dry run)" : "") + ". If an empty set is meant, sync with allowEmpty"
                + " (--allow-empty)").asBadInput();
    }

    /** {@code 74 CustomResourceDefinition, 12 Deployment, ...}: the largest kinds first, at most five named. */
    private static String kinds(List<Plan.PruneTask> prunes) {
        Map<String, Long> counts = prunes.stream().collect(Collectors.groupingBy(p -> p.key().kind(), TreeMap::new, Collectors.counting()));
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        String named = sorted.entrySet().stream().limit(5).map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return sorted.size() > 5 ? named + ", " + (sorted.size() - 5) + " more kinds" : named;
    }
}
