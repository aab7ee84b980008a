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
        SyncMode mode = request.mode();
        GitopsAction.record(run, GitopsRecord.builder(mode.record(), outcome.recordStatus()).dryRun(request.dryRun()).app(request.app())
                .revision(outcome.revision()).summary((outcome.succeeded() ? "" : "FAILED: ") + (request.dryRun() ? "dry run: " : "")
                        + outcome.counts() + (mode == SyncMode.DIFF ? outcome.inSync() ? ", in sync" : ", out of sync" : ""))
                .objects(outcome.objects().size()).items(outcome.recordItems()).build());
        if (failOnError && !outcome.succeeded()) {
            throw new AbortException(request.step() + ": app " + request.app() + ": " + outcome.failureText());
        }
        return outcome;
    }
}
