package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.Phase;
import io.jenkins.plugins.gitops.sync.SyncListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the engine's progress to the build log as it happens: one line per wave and one per
 * object written, so that an aborted build still shows what reached the cluster; and, on abort,
 * {@link #abortSummary()}: what was applied and what was not. Unchanged objects get no line of
 * their own (the wave line counts them). Called on the agent, one call at a time.
 */
public final class SyncProgress implements SyncListener {

    /** How many objects an abort message names in each list before "and N more". */
    private static final int NAMED = 20;

    private final String step;
    private final PrintStream log;
    private final Masker masker;
    private final Set<ResourceKey> planned = new LinkedHashSet<>();
    private final List<ResourceKey> done = new ArrayList<>();
    private final List<ResourceKey> pruned = new ArrayList<>();
    private int prunes;

    SyncProgress(String step, PrintStream log, Masker masker) {
        this.step = step;
        this.log = log;
        this.masker = masker;
    }

    @Override
    public void started(List<ResourceKey> apply, List<ResourceKey> prune) {
        planned.addAll(apply);
        prunes = prune.size();
    }

    @Override
    public void step(Phase phase, int wave, int objects) {
        log.println(step + ": " + phase.display() + " wave " + wave + ": " + objects + " object(s)");
    }

    @Override
    public void applied(ObjectResult r) {
        done.add(r.key());
        if (r.action() != Action.UNCHANGED) {
            line(r);
        }
    }

    @Override
    public void pruned(ObjectResult r) {
        if (r.action() == Action.PRUNED) {
            pruned.add(r.key());
        }
        line(r);
    }

    private void line(ObjectResult r) {
        log.println(masker.mask(step + ":   " + r.action() + (r.hook() ? " hook " : " ") + r.key()
                + (r.reason().isEmpty() ? "" : ": " + r.reason())));
    }

    /** "aborted after applying 3 of 10 objects: applied A, B, C; not applied: D, ... (and 2 more); 0 of 1 prunes done". */
    String abortSummary() {
        if (planned.isEmpty()) {
            return "aborted before the first write";
        }
        List<ResourceKey> missing = new ArrayList<>(planned);
        missing.removeAll(done);
        String s = "aborted after applying " + done.size() + " of " + planned.size() + " objects"
                + (done.isEmpty() ? "" : ": applied " + names(done)) + (missing.isEmpty() ? "" : "; not applied: " + names(missing))
                + (prunes == 0 ? "" : "; " + pruned.size() + " of " + prunes + " prune(s) done" + (pruned.isEmpty() ? "" : ": " + names(pruned)));
        return masker.mask(s);
    }

    private static String names(List<ResourceKey> keys) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(keys.size(), NAMED); i++) {
            b.append(i == 0 ? "" : ", ").append(keys.get(i));
        }
        return keys.size() > NAMED ? b + " (and " + (keys.size() - NAMED) + " more)" : b.toString();
    }
}
