package io.jenkins.plugins.gitops.plugin.agent;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.plugin.credentials.GitAuth;
import io.jenkins.plugins.gitops.plugin.credentials.RegistryAuth;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import java.io.IOException;

/** The controller side of an image update, shared by the step and the builder. */
public final class ImageUpdateRunner {

    private ImageUpdateRunner() {
    }

    public static ImageUpdateOutcome run(ImageUpdateRequest request, String credentialsId, String registryCredentialsId, Run<?, ?> run,
            FilePath workspace, TaskListener listener) throws IOException, InterruptedException {
        if (request.images().isEmpty() && request.values().isEmpty()) {
            throw new AbortException("imageUpdate: give at least one image or value");
        }
        if (!request.values().isEmpty() && request.valueTargets().isEmpty()) {
            throw new AbortException("imageUpdate: values need valueTarget (marker:FILE with # {\"$gitops\": \"name\"} comments)");
        }
        for (ImageRequest i : request.images()) {
            if (i.targets().isEmpty()) {
                throw new AbortException("imageUpdate: image '" + i.name() + "' has no target (set target on the step or the image)");
            }
        }
        GitAuth git = CredentialLookup.git(credentialsId, run);
        RegistryAuth registry = CredentialLookup.registry(registryCredentialsId, run);
        ImageUpdateOutcome outcome = workspace.act(new ImageUpdateCallable(request, git, registry, listener));
        listener.getLogger().println("imageUpdate: " + outcome.summary());
        GitopsAction.record(run, GitopsRecord.builder(outcome.dryRun() ? "imageUpdate (dry run)" : "imageUpdate", GitopsRecord.Status.SUCCEEDED)
                .dryRun(outcome.dryRun()).app(request.vars().getOrDefault("app", "")).repo(request.repo() + " " + outcome.branch())
                .revision(outcome.revision()).summary(outcome.summary()).objects(outcome.changeCount()).images(outcome.lines()).build());
        return outcome;
    }
}
