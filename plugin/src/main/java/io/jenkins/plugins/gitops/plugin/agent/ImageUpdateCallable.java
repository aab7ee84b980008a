package io.jenkins.plugins.gitops.plugin.agent;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.image.ImageChange;
import io.jenkins.plugins.gitops.image.ImageSpec;
import io.jenkins.plugins.gitops.image.ImageUpdatePlan;
import io.jenkins.plugins.gitops.image.ImageUpdateResult;
import io.jenkins.plugins.gitops.image.ImageUpdater;
import io.jenkins.plugins.gitops.image.edit.FileEditor;
import io.jenkins.plugins.gitops.image.writeback.GitIdentity;
import io.jenkins.plugins.gitops.image.writeback.GitWriteOptions;
import io.jenkins.plugins.gitops.plugin.credentials.GitAuth;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.plugin.credentials.RegistryAuth;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs an image update on the agent: chooses the tags (registry queries from the agent's network),
 * edits the files and pushes one commit, through the engine's {@link ImageUpdater}, once a render of
 * the edited tree shows every edit takes effect. A dry run returns the engine's {@link ImageUpdatePlan}
 * (the same work in a temporary clone, render check included, stopped before the commit).
 */
public final class ImageUpdateCallable extends MasterToSlaveFileCallable<ImageUpdateOutcome> {

    private static final long serialVersionUID = 1L;

    private final ImageUpdateRequest request;
    private final GitAuth gitAuth;
    private final @CheckForNull RegistryAuth registryAuth;
    private final TaskListener listener;

    ImageUpdateCallable(ImageUpdateRequest request, GitAuth gitAuth, @CheckForNull RegistryAuth registryAuth, TaskListener listener) {
        this.request = request;
        this.gitAuth = gitAuth;
        this.registryAuth = registryAuth;
        this.listener = listener;
    }

    @Override
    public ImageUpdateOutcome invoke(File workspace, VirtualChannel channel) throws IOException {
        List<String> secrets = new ArrayList<>(gitAuth.secrets());
        if (registryAuth != null) {
            secrets.addAll(registryAuth.secrets());
        }
        Masker masker = new Masker(secrets);
        Consumer<String> log = line -> listener.getLogger().println(masker.mask("imageUpdate: " + line));
        try {
            List<ImageSpec> specs = new ArrayList<>();
            for (ImageRequest i : request.images()) {
                specs.add(i.toSpec());
            }
            List<FileEditor.Assignment> values = FileEditor.Assignment.values(request.values(), request.valueTargets());
            ImageUpdater updater = new ImageUpdater(new RegistryClient(registryOptions(specs), log), log);
            if (request.dryRun()) {
                // The engine's plan: the same choices, edits and render check as the update, stopped before the commit.
                ImageUpdatePlan plan = updater.plan(specs, values, gitOptions());
                return new ImageUpdateOutcome(plan.toMap(), lines(plan.images()), masker);
            }
            ImageUpdateResult result = updater.update(specs, values, gitOptions(), request.vars());
            return new ImageUpdateOutcome(result.toMap(), lines(result.images()), masker);
        } catch (GitopsException | IllegalArgumentException e) {
            throw new AbortException("imageUpdate: " + masker.mask(e.getMessage()));
        }
    }

    private RegistryOptions registryOptions(List<ImageSpec> specs) {
        RegistryOptions options = RegistryOptions.defaults();
        for (ImageSpec s : specs) {
            String host = s.image().registry();
            options = options.withHost(new RegistryHostConfig(host, request.insecureRegistries().contains(host), null,
                    registryAuth == null ? null : registryAuth.toEngine()));
        }
        return options;
    }

    private GitWriteOptions gitOptions() {
        GitIdentity author = request.author().isEmpty() ? null : GitIdentity.parse(request.author());
        return new GitWriteOptions(request.repo(), request.branch(), request.writeBranch(), gitAuth.toSourceCredentials(), author, null,
                request.messageTemplate().isEmpty() ? null : request.messageTemplate(), 0, null);
    }

    private static List<String> lines(List<ImageChange> images) {
        return images.stream().map(ImageChange::line).toList();
    }
}
