package io.jenkins.plugins.gitops.image;

import io.jenkins.plugins.gitops.image.edit.Desired;
import io.jenkins.plugins.gitops.image.edit.FileEditor;
import io.jenkins.plugins.gitops.image.edit.RenderCheck;
import io.jenkins.plugins.gitops.image.policy.ImageDecision;
import io.jenkins.plugins.gitops.image.policy.TagResolver;
import io.jenkins.plugins.gitops.image.writeback.GitWriteBack;
import io.jenkins.plugins.gitops.image.writeback.GitWriteOptions;
import io.jenkins.plugins.gitops.image.writeback.WriteBackResult;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The image update step: choose a tag per image (registry query or explicit), then write all of
 * them, and any marked values, to Git in one commit, once a render of the edited tree shows every
 * edit takes effect ({@link RenderCheck}): an edit that changes nothing deployed is an error, not a push.
 * {@link #plan} is the same up to the commit, for dry runs.
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
        Edits edits = edits(images, values);
        return new ImageUpdateResult(edits.decisions(), writeBack.run(git, edits.plan(), edits.verify(), vars));
    }

    /**
     * What {@link #update} would change: the same tag choices, the same edits planned on a clone of
     * the branch and the same render check of the edited tree, stopped before the commit. Nothing
     * is committed or pushed, and no file of the caller's is touched (the clone is temporary).
     */
    public ImageUpdatePlan plan(List<ImageSpec> images, List<FileEditor.Assignment> values, GitWriteOptions git) {
        Edits edits = edits(images, values);
        WriteBackResult preview = writeBack.preview(git, edits.plan(), edits.verify());
        return new ImageUpdatePlan(edits.decisions(), preview.changes(), preview.branch(), preview.baseRevision(), preview.summary());
    }

    /** The decisions, and how to plan and check their edits on a checked-out tree. */
    private record Edits(List<ImageDecision> decisions, Function<Path, List<FileEditor.FileChange>> plan,
                         BiConsumer<Path, List<FileEditor.FileChange>> verify) {
    }

    private Edits edits(List<ImageSpec> images, List<FileEditor.Assignment> values) {
        List<ImageDecision> decisions = new ArrayList<>();
        List<FileEditor.Assignment> assignments = new ArrayList<>();
        for (ImageSpec spec : images) {
            ImageDecision d = resolver.resolve(spec.query());
            log.accept(spec.image().name() + ": " + d.reason() + " -> " + d.chosen());
            decisions.add(d);
            Desired.Image desired = new Desired.Image(d.chosen(), spec.alias());
            spec.targets().forEach(t -> assignments.add(new FileEditor.Assignment(t, desired)));
        }
        assignments.addAll(values);
        List<FileEditor.Assignment> all = List.copyOf(assignments);
        return new Edits(decisions, root -> FileEditor.plan(root, all), (root, changes) -> check.verify(root, all, changes).forEach(log));
    }
}
