package io.jenkins.plugins.gitops.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The image update step: choose a tag per image (registry query or explicit), then write all of
 * them, and any marked values, to Git in one commit, once a render of the edited tree shows every
 * edit takes effect ({@link RenderCheck}): an edit that changes nothing deployed is an error, not a push.
 */
public final class ImageUpdater {

    private final TagResolver resolver;
    private final GitWriteBack writeBack;
    private final RenderCheck check;
    private final Consumer<String> log;

    /** Edits are checked with a render of the working tree ({@link RenderCheck#standalone()}). */
    public ImageUpdater(RegistryClient registry, Consumer<String> log) {
        this(registry, RenderCheck.standalone(), log);
    }

    public ImageUpdater(RegistryClient registry, RenderCheck check, Consumer<String> log) {
        this.resolver = new TagResolver(registry);
        this.writeBack = new GitWriteBack(log);
        this.check = check;
        this.log = log;
    }

    /**
     * @param values plain values set through marker targets (a model URI), with the targets holding the markers
     * @param vars   commit message variables: {@code app}, {@code buildUrl}
     */
    public ImageUpdateResult update(List<ImageSpec> images, List<FileEditor.Assignment> values, GitWriteOptions git, Map<String, String> vars) {
        return run(images, values, git, vars, false);
    }

    /**
     * The same choices and edits, checked the same way (a render of the edited tree), without a
     * commit: what {@link #update} would change. Nothing is pushed.
     */
    public ImageUpdateResult dryRun(List<ImageSpec> images, List<FileEditor.Assignment> values, GitWriteOptions git) {
        return run(images, values, git, Map.of(), true);
    }

    private ImageUpdateResult run(List<ImageSpec> images, List<FileEditor.Assignment> values, GitWriteOptions git, Map<String, String> vars,
            boolean preview) {
        List<ImageDecision> decisions = new ArrayList<>();
        List<FileEditor.Assignment> assignments = new ArrayList<>();
        for (ImageSpec spec : images) {
            ImageDecision d = resolver.resolve(spec);
            log.accept(spec.image().name() + ": " + d.reason() + " -> " + d.chosen());
            decisions.add(d);
            Desired.Image desired = new Desired.Image(d.chosen(), spec.alias());
            spec.targets().forEach(t -> assignments.add(new FileEditor.Assignment(t, desired)));
        }
        assignments.addAll(values);
        java.util.function.Function<java.nio.file.Path, List<FileEditor.FileChange>> plan = root -> FileEditor.plan(root, assignments);
        java.util.function.BiConsumer<java.nio.file.Path, List<FileEditor.FileChange>> verify =
                (root, changes) -> check.verify(root, assignments, changes).forEach(log);
        WriteBackResult result = preview ? writeBack.preview(git, plan, verify) : writeBack.run(git, plan, verify, vars);
        return new ImageUpdateResult(decisions, result);
    }
}
