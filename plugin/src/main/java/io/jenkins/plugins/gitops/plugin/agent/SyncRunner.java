package io.jenkins.plugins.gitops.plugin.agent;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterSettings;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The controller side of a sync, diff or rollback, shared by the steps and the builder: credentials, call, summary, verdict. */
public final class SyncRunner {

    private SyncRunner() {
    }

    /**
     * @param workspace where the manifests are (the work runs on its agent); null for a rollback, which runs here
     * @param failOnError whether a failed sync fails the step (a diff reports and returns instead)
     */
    public static SyncOutcome run(SyncRequest request, ClusterSettings cluster, Run<?, ?> run, @CheckForNull FilePath workspace,
            TaskListener listener, boolean failOnError) throws IOException, InterruptedException {
        // with no workspace the work runs here, on the controller: only a named cluster
        ClusterAccess access = workspace == null ? cluster.resolveOnController(run, request.namespace(), request.step())
                : cluster.resolve(run, request.namespace());
        SyncOutcome outcome = workspace == null
                ? SyncWork.run(request, access, null, "history", listener.getLogger())
                : workspace.act(new SyncCallable(request, access, listener));
        String kind = request.mode();
        GitopsAction.record(run, new GitopsRecord(kind, request.app(), "", outcome.revision(),
                (outcome.succeeded() ? "" : "FAILED: ") + (request.dryRun() || kind.equals("diff") ? "dry run: " : "") + outcome.counts()
                        + (kind.equals("diff") ? outcome.inSync() ? ", in sync" : ", out of sync" : ""),
                outcome.objects().size(), List.of(), items(outcome)));
        if (failOnError && !outcome.succeeded()) {
            throw new AbortException(request.step() + ": app " + request.app() + ": " + failureText(outcome));
        }
        return outcome;
    }

    /** Objects the sync did something to (unchanged ones are counted in the summary), with the diffs of changed ones. */
    public static List<GitopsRecord.Item> items(SyncOutcome outcome) {
        List<GitopsRecord.Item> items = new ArrayList<>();
        int diffBudget = 200_000;
        for (Map<String, Object> o : outcome.objects()) {
            String action = String.valueOf(o.get("action"));
            if (action.equals("unchanged")) {
                continue;
            }
            String diff = action.equals("configured") ? String.valueOf(o.getOrDefault("diff", "")) : "";
            if (diff.length() > diffBudget) {
                diff = "";
            }
            diffBudget -= diff.length();
            String group = String.valueOf(o.getOrDefault("group", ""));
            String ns = String.valueOf(o.getOrDefault("namespace", ""));
            items.add(new GitopsRecord.Item(o.get("kind") + (group.isEmpty() ? "" : "." + group) + "/" + (ns.isEmpty() ? "" : ns + "/") + o.get("name"),
                    action, String.valueOf(o.getOrDefault("reason", "")), diff));
        }
        return items;
    }

    /** The engine's message and the failed objects with their reasons. */
    public static String failureText(SyncOutcome outcome) {
        List<String> lines = new ArrayList<>();
        lines.add(outcome.message().isEmpty() ? "sync failed" : outcome.message());
        for (Map<String, Object> o : outcome.objects()) {
            if ("failed".equals(o.get("action"))) {
                lines.add("  " + o.get("kind") + "/" + (String.valueOf(o.get("namespace")).isEmpty() ? "" : o.get("namespace") + "/") + o.get("name")
                        + ": " + o.getOrDefault("reason", ""));
            }
        }
        return String.join("\n", lines);
    }
}
