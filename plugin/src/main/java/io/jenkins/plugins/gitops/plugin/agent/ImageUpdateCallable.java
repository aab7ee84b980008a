package io.jenkins.plugins.gitops.plugin.agent;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.image.Desired;
import io.jenkins.plugins.gitops.image.FileEditor;
import io.jenkins.plugins.gitops.image.GitIdentity;
import io.jenkins.plugins.gitops.image.GitWriteOptions;
import io.jenkins.plugins.gitops.image.ImageDecision;
import io.jenkins.plugins.gitops.image.ImageSpec;
import io.jenkins.plugins.gitops.image.ImageUpdateResult;
import io.jenkins.plugins.gitops.image.ImageUpdater;
import io.jenkins.plugins.gitops.image.RegistryClient;
import io.jenkins.plugins.gitops.image.RegistryHostConfig;
import io.jenkins.plugins.gitops.image.RegistryOptions;
import io.jenkins.plugins.gitops.image.ValueChange;
import io.jenkins.plugins.gitops.image.WriteBackResult;
import io.jenkins.plugins.gitops.image.WriteTarget;
import io.jenkins.plugins.gitops.plugin.credentials.GitAuth;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.plugin.credentials.RegistryAuth;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs an image update on the agent: chooses the tags (registry queries from the agent's network),
 * edits the files and pushes one commit, through the engine's {@link ImageUpdater}, once a render of
 * the edited tree shows every edit takes effect. A dry run does the same in a temporary clone
 * (render check included) and stops before the commit.
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
            List<FileEditor.Assignment> values = new ArrayList<>();
            request.values().forEach((name, value) -> request.valueTargets().forEach(t ->
                    values.add(new FileEditor.Assignment(WriteTarget.parse(t), new Desired.Value(name, value)))));
            RegistryClient registry = new RegistryClient(registryOptions(specs), log);
            if (request.dryRun()) {
                return dryRun(specs, values, registry, log);
            }
            ImageUpdateResult result = new ImageUpdater(registry, log).update(specs, values, gitOptions(), request.vars());
            return outcome(result.decisions(), result.writeBack(), false);
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

    /** The engine's dry run: the same choices, edits and render check as a real update, stopped before the commit. */
    private ImageUpdateOutcome dryRun(List<ImageSpec> specs, List<FileEditor.Assignment> values, RegistryClient registry,
            Consumer<String> log) {
        ImageUpdateResult result = new ImageUpdater(registry, log).dryRun(specs, values, gitOptions());
        return outcome(result.decisions(), result.writeBack(), true);
    }

    private static ImageUpdateOutcome outcome(List<ImageDecision> decisions, WriteBackResult writeBack, boolean dryRun) {
        List<ImageUpdateOutcome.Image> images = new ArrayList<>();
        for (ImageDecision d : decisions) {
            String name = d.chosen().name();
            ValueChange first = writeBack.changes().stream().filter(c -> name.equals(c.subject())).findFirst().orElse(null);
            images.add(new ImageUpdateOutcome.Image(name, first == null || first.oldValue() == null ? "" : first.oldValue(),
                    d.chosen().toString(), d.chosen().tag().orElse(""), d.chosen().digest().orElse(""), d.reason(), first != null));
        }
        List<ImageUpdateOutcome.Change> changes = writeBack.changes().stream()
                .map(c -> new ImageUpdateOutcome.Change(c.subject(), c.file(), c.line(), c.path(), c.oldValue(), c.newValue())).toList();
        return new ImageUpdateOutcome(images, changes, writeBack.commit(), writeBack.pushed(), writeBack.branch(), writeBack.summary(), dryRun);
    }
}
