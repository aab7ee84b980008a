package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Argo CD {@code spec.source.kustomize} overrides beyond images, names, namespace, labels and
 * annotations (those are in {@link KustomizeOptions} itself).
 *
 * @param patches {@code patches}: inline or file patches with target selectors
 * @param components {@code components}: component folders relative to the app's folder; they must stay in the repository
 * @param ignoreMissingComponents skip a component folder that does not exist instead of failing
 * @param replicas {@code replicas}: replica counts by workload name
 * @param forceCommonLabels let {@code commonLabels} replace labels the app's kustomization sets itself
 * @param forceCommonAnnotations let {@code commonAnnotations} replace annotations the app's kustomization sets itself
 * @param labelWithoutSelector add {@code commonLabels} to metadata only, not to selectors
 * @param labelIncludeTemplates with {@code labelWithoutSelector}: add them to pod templates too
 */
public record KustomizeEdits(List<KustomizePatch> patches, List<String> components, boolean ignoreMissingComponents,
        List<KustomizeReplica> replicas, boolean forceCommonLabels, boolean forceCommonAnnotations, boolean labelWithoutSelector,
        boolean labelIncludeTemplates) {

    public KustomizeEdits {
        patches = List.copyOf(patches == null ? List.of() : patches);
        components = List.copyOf(components == null ? List.of() : components);
        replicas = List.copyOf(replicas == null ? List.of() : replicas);
        if (labelIncludeTemplates && !labelWithoutSelector) {
            // kustomize edit add label refuses --include-templates without --without-selector, and so does Argo CD
            throw new RenderException("kustomize option labelIncludeTemplates needs labelWithoutSelector");
        }
    }

    public static KustomizeEdits none() {
        return new KustomizeEdits(List.of(), List.of(), false, List.of(), false, false, false, false);
    }

    public KustomizeEdits withPatches(List<KustomizePatch> p) {
        return new KustomizeEdits(p, components, ignoreMissingComponents, replicas, forceCommonLabels, forceCommonAnnotations,
                labelWithoutSelector, labelIncludeTemplates);
    }

    public KustomizeEdits withComponents(List<String> c, boolean ignoreMissing) {
        return new KustomizeEdits(patches, c, ignoreMissing, replicas, forceCommonLabels, forceCommonAnnotations,
                labelWithoutSelector, labelIncludeTemplates);
    }

    public KustomizeEdits withReplicas(List<KustomizeReplica> r) {
        return new KustomizeEdits(patches, components, ignoreMissingComponents, r, forceCommonLabels, forceCommonAnnotations,
                labelWithoutSelector, labelIncludeTemplates);
    }

    public KustomizeEdits withForce(boolean labels, boolean annotations) {
        return new KustomizeEdits(patches, components, ignoreMissingComponents, replicas, labels, annotations,
                labelWithoutSelector, labelIncludeTemplates);
    }

    public KustomizeEdits withLabelScope(boolean withoutSelector, boolean includeTemplates) {
        return new KustomizeEdits(patches, components, ignoreMissingComponents, replicas, forceCommonLabels, forceCommonAnnotations,
                withoutSelector, includeTemplates);
    }

    /** Whether any of these needs the overlay (the label flags only shape the labels, which need it on their own). */
    boolean changesOutput() {
        return !patches.isEmpty() || !components.isEmpty() || !replicas.isEmpty();
    }

    List<String> key() {
        List<String> k = new ArrayList<>();
        k.add("patches=" + patches.stream().map(KustomizePatch::key).toList());
        k.add("components=" + components + (ignoreMissingComponents ? " ignoreMissing" : ""));
        k.add("replicas=" + replicas);
        k.add("force=" + forceCommonLabels + "," + forceCommonAnnotations);
        k.add("labelScope=" + labelWithoutSelector + "," + labelIncludeTemplates);
        return k;
    }
}
