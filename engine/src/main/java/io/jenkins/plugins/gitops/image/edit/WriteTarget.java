package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a new tag or value is written. Each target finds values in one file and plans text edits;
 * it never writes: {@link FileEditor} applies and verifies the edits of all targets of a file.
 */
public sealed interface WriteTarget permits KustomizationTarget, HelmValuesTarget, MarkerTarget, ManifestImageTarget,
        ArgoApplicationTarget, ArgoSourceTarget {

    /** The file edited, relative to the repository root (forward slashes). */
    String file(Path root);

    /** Whether a missing file is created (Image Updater's {@code .argocd-source-<app>.yaml}) rather than an error. */
    default boolean createsFile() {
        return false;
    }

    /** Plans the edits for {@code desired}; {@code file} holds the current text (empty for a file to create). */
    List<PlannedEdit> plan(YamlFile file, Desired desired);

    /**
     * Parses a CLI target: {@code kustomization:DIR}, {@code helm-values:FILE:TAGPATH[:NAMEPATH]},
     * {@code marker:FILE} (also {@code setters:FILE}), {@code manifest:FILE}, {@code argocd-app:FILE[:HELMPARAM]},
     * {@code argocd-source:DIR:APP[:helm:PARAM]}.
     */
    static WriteTarget parse(String spec) {
        String[] p = spec.split(":", -1);
        String kind = p[0];
        try {
            return switch (kind) {
                case "kustomization" -> new KustomizationTarget(p.length > 1 ? p[1] : ".");
                case "helm-values", "helmvalues" -> new HelmValuesTarget(p[1], KeyPath.parse(p[2]),
                        p.length > 3 && !p[3].isEmpty() ? KeyPath.parse(p[3]) : null);
                case "marker", "setters" -> new MarkerTarget(p[1]);
                case "manifest" -> new ManifestImageTarget(p[1]);
                case "argocd-app" -> new ArgoApplicationTarget(p[1], p.length > 2 ? p[2] : null);
                case "argocd-source" -> new ArgoSourceTarget(p[1], p[2], p.length > 4 && p[3].equals("helm") ? p[4] : null);
                default -> throw new ImageUpdateException("target '" + spec + "': unknown kind '" + kind
                        + "' (kustomization, helm-values, marker, manifest, argocd-app, argocd-source)");
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ImageUpdateException("target '" + spec + "': missing parts (e.g. helm-values:values.yaml:image.tag)");
        }
    }

    static String join(String dir, String file) {
        return dir.isEmpty() || dir.equals(".") ? file : dir.replaceAll("/+$", "") + "/" + file;
    }

    static boolean exists(Path root, String rel) {
        return Files.isRegularFile(root.resolve(rel));
    }
}
