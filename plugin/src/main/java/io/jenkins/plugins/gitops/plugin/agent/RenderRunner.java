package io.jenkins.plugins.gitops.plugin.agent;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.plugin.credentials.GitAuth;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import java.io.IOException;

/** The controller side of a render, shared by the step and the builder: credentials, agent call, summary. */
public final class RenderRunner {

    private RenderRunner() {
    }

    public static RenderOutcome run(RenderRequest request, String credentialsId, Run<?, ?> run, FilePath workspace, TaskListener listener)
            throws IOException, InterruptedException {
        GitAuth auth = CredentialLookup.git(credentialsId, run);
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new AbortException("gitopsRender: the workspace " + workspace + " has no parent folder for the Git cache");
        }
        FilePath cache = tmp.child("gitops");
        cache.mkdirs();
        RenderOutcome outcome = workspace.act(new RenderCallable(request, auth, cache.getRemote(), listener));
        listener.getLogger().println("gitopsRender: " + outcome.objectCount() + " object(s) from " + outcome.renderer()
                + " at " + shortSha(outcome.revision()) + ", " + outcome.digest() + (outcome.cacheHit() ? " (cached)" : "")
                + " -> " + outcome.manifests());
        GitopsAction.record(run, GitopsRecord.builder("render", GitopsRecord.Status.SUCCEEDED)
                .repo(outcome.repo() + (outcome.path().isEmpty() ? "" : " " + outcome.path())).revision(outcome.revision())
                .summary(outcome.objectCount() + " objects, " + outcome.renderer() + ", " + outcome.digest()).objects(outcome.objectCount()).build());
        return outcome;
    }

    public static String shortSha(String sha) {
        return sha == null || sha.isEmpty() ? "(folder)" : Defaults.shortSha(sha);
    }
}
