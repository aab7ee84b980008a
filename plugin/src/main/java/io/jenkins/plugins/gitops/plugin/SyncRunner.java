package io.jenkins.plugins.gitops.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The controller side of a sync, diff or rollback, shared by the steps and the builder: credentials, call, summary, verdict. */
final class SyncRunner {

    private SyncRunner() {
    }

    /**
     * @param workspace where the manifests are (the work runs on its agent); null for a rollback, which runs here
     * @param failOnError whether a failed sync fails the step (a diff reports and returns instead)
     */
    static SyncOutcome run(SyncRequest request, ClusterSettings cluster, Run<?, ?> run, @CheckForNull FilePath workspace,
            TaskListener listener, boolean failOnError) throws IOException, InterruptedException {
        ClusterAccess access = cluster.resolve(run, request.namespace());
        SyncOutcome outcome = workspace == null
                ? SyncWork.run(request, access, null, "history", listener.getLogger())
                : workspace.act(new SyncCallable(request, access, listener));
        String kind = request.mode();
        GitopsAction.record(run, new GitopsRecord(kind, request.app(), "", outcome.revision(),
                (outcome.succeeded() ? "" : "FAILED: ") + (request.dryRun() || kind.equals("diff") ? "dry run: " : "") + outcome.counts()
                        + (kind.equals("diff") ? outcome.inSync() ? ", in sync" : ", out of sync" : ""),
                outcome.objects().size(), List.of()));
        if (failOnError && !outcome.succeeded()) {
            throw new AbortException(request.step() + ": app " + request.app() + ": " + failureText(outcome));
        }
        return outcome;
    }

    /** The engine's message and the failed objects with their reasons. */
    static String failureText(SyncOutcome outcome) {
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
