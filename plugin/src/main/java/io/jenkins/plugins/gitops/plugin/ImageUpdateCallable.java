package io.jenkins.plugins.gitops.plugin;

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
import io.jenkins.plugins.gitops.image.TagResolver;
import io.jenkins.plugins.gitops.image.ValueChange;
import io.jenkins.plugins.gitops.image.WriteBackResult;
import io.jenkins.plugins.gitops.image.WriteTarget;
import io.jenkins.plugins.gitops.source.Checkout;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs an image update on the agent: chooses the tags (registry queries from the agent's network),
 * edits the files and pushes one commit, through the engine's {@link ImageUpdater}. A dry run
 * chooses the tags and plans the edits against a read-only checkout, and commits nothing.
 */
final class ImageUpdateCallable extends MasterToSlaveFileCallable<ImageUpdateOutcome> {

    private static final long serialVersionUID = 1L;

    private final ImageUpdateRequest request;
    private final GitAuth gitAuth;
    private final @CheckForNull RegistryAuth registryAuth;
    private final String cacheDir;
    private final TaskListener listener;

    ImageUpdateCallable(ImageUpdateRequest request, GitAuth gitAuth, @CheckForNull RegistryAuth registryAuth, String cacheDir,
            TaskListener listener) {
        this.request = request;
        this.gitAuth = gitAuth;
        this.registryAuth = registryAuth;
        this.cacheDir = cacheDir;
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

    private ImageUpdateOutcome dryRun(List<ImageSpec> specs, List<FileEditor.Assignment> values, RegistryClient registry,
            Consumer<String> log) {
        TagResolver resolver = new TagResolver(registry);
        List<ImageDecision> decisions = new ArrayList<>();
        List<FileEditor.Assignment> assignments = new ArrayList<>(values);
        for (ImageSpec spec : specs) {
            ImageDecision d = resolver.resolve(spec);
            log.accept(spec.image().name() + ": " + d.reason() + " -> " + d.chosen());
            decisions.add(d);
            Desired.Image desired = new Desired.Image(d.chosen(), spec.alias());
            spec.targets().forEach(t -> assignments.add(new FileEditor.Assignment(t, desired)));
        }
        Checkout checkout = new MirrorCache(Path.of(cacheDir, "repos"))
                .checkout(GitSource.of(request.repo(), request.branch()).withCredentials(gitAuth.toSourceCredentials()));
        List<ValueChange> changes = FileEditor.plan(checkout.root(), assignments).stream().flatMap(c -> c.changes().stream()).toList();
        String summary = "dry run: " + changes.size() + " value(s) would change on " + request.branch() + " at "
                + RenderRunner.shortSha(checkout.sha()) + "; nothing committed";
        log.accept(summary);
        return outcome(decisions, new WriteBackResult(changes, null, false, request.branch(), 0, summary), true);
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
