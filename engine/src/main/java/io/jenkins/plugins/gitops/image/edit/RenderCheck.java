package io.jenkins.plugins.gitops.image.edit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.render.DirectoryOptions;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.source.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Proves an edit takes effect before it is committed: renders each edited target from the edited
 * working tree with the engine's {@link RenderService} and requires a rendered {@code image} field
 * (or, for a marked value, any rendered value) to carry the new reference. Without it an edit can
 * be "pushed" and change nothing: a kustomization entry named after an image the manifests do not
 * use, a Helm value the templates do not read, a manifest whose image a kustomization overrides.
 *
 * <p>What is rendered for each target: a kustomization's folder (kustomize); for a Helm values file,
 * the chart in its folder or the nearest folder above with a {@code Chart.yaml}, with that file as a
 * values file (the chart's own {@code values.yaml} is read by default); for a plain manifest, its
 * folder when that is a kustomization (whose {@code images:} may override it), else the file itself;
 * for a marker, its folder when that is a kustomization or a chart, else the file itself when it is
 * made of Kubernetes objects. A values file with no chart above it in the repository, a marker in a
 * file that is not a manifest, and Argo CD Application targets cannot be rendered here: they are
 * checked in the file only, and a note says so.
 */
public final class RenderCheck {

    private final RenderService renderer;

    public RenderCheck(RenderService renderer) {
        this.renderer = renderer;
    }

    /** A check with its own in-memory render cache and no Git mirrors (it renders working trees only). */
    public static RenderCheck standalone() {
        return new RenderCheck(new RenderService(null, RenderCache.inMemory()));
    }

    /** What to render for a target: a folder of the tree and how. */
    private record Plan(String dir, RenderSpec spec, String describe) {
    }

    /**
     * @param root the edited working tree
     * @param assignments the step's (target, desired) pairs; those whose file did not change are not checked
     * @param changes the files the edit changed (already written to {@code root})
     * @return notes for targets that could not be rendered (checked in the file only)
     * @throws ImageUpdateException naming the file, the wanted reference and what the render holds, when the edit has no effect
     */
    public List<String> verify(Path root, List<FileEditor.Assignment> assignments, List<FileEditor.FileChange> changes) {
        Set<String> changed = new LinkedHashSet<>();
        changes.forEach(c -> changed.add(c.file()));
        Checkout tree = Checkout.ofFolder(root);
        Map<Plan, List<KubeObject>> renders = new HashMap<>();
        List<String> notes = new ArrayList<>();
        for (FileEditor.Assignment a : assignments) {
            String file = a.target().file(root);
            if (!changed.contains(file)) {
                continue;
            }
            Optional<Plan> plan = plan(root, a.target(), file);
            if (plan.isEmpty()) {
                String note = file + ": not re-rendered (" + why(a.target()) + "); the edit is checked in the file only";
                if (!notes.contains(note)) {
                    notes.add(note);
                }
                continue;
            }
            List<KubeObject> objects = renders.computeIfAbsent(plan.get(), p -> render(tree, p, file));
            check(file, plan.get(), objects, a.desired());
        }
        return notes;
    }

    private List<KubeObject> render(Checkout tree, Plan p, String file) {
        try {
            return renderer.render(tree, p.dir(), p.spec()).set().kubeObjects();
        } catch (GitopsException e) {
            throw new ImageUpdateException(file + ": after the edit, " + p.describe() + " does not render: " + e.getMessage() + "; nothing committed");
        }
    }

    private static void check(String file, Plan p, List<KubeObject> objects, Desired desired) {
        Set<String> images = new LinkedHashSet<>();
        List<String> values = new ArrayList<>();
        for (KubeObject o : objects) {
            collect(o.at(""), null, images, values);
        }
        if (desired instanceof Desired.Value v) {
            if (!values.contains(v.value())) {
                throw new ImageUpdateException(file + ": after the edit, no value in " + p.describe() + " is '" + v.value() + "' (marker '" + v.name()
                        + "'): the edit would change nothing that is deployed; nothing committed");
            }
            return;
        }
        Desired.Image d = (Desired.Image) desired;
        if (images.stream().noneMatch(i -> carries(i, d.reference()))) {
            throw new ImageUpdateException(file + ": after the edit, no image in " + p.describe() + " is " + d.reference()
                    + " (the render's images: " + (images.isEmpty() ? "none" : String.join(", ", images))
                    + "): the edit would change nothing that is deployed; nothing committed");
        }
    }

    /** Every {@code image} string field (containers, init containers, custom resources alike), and every string value. */
    private static void collect(JsonNode node, String key, Set<String> images, List<String> values) {
        if (node.isTextual()) {
            values.add(node.asText());
            if ("image".equals(key)) {
                images.add(node.asText());
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), images, values));
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, key, images, values));
        }
    }

    /**
     * A rendered image carries the wanted reference when its tag and digest are the wanted ones and
     * it is the same image; a chart that joins a registry value to a repository value may spell it
     * with or without a registry, so one repository path ending the other counts as the same image.
     */
    static boolean carries(String rendered, ImageReference wanted) {
        ImageReference r;
        try {
            r = ImageReference.parse(rendered);
        } catch (ImageUpdateException e) {
            return false;
        }
        boolean same = r.sameImage(wanted) || endsWithPath(r.repository(), wanted.repository()) || endsWithPath(wanted.repository(), r.repository());
        if (!same) {
            return false;
        }
        if (wanted.digest().isPresent() && !wanted.digest().equals(r.digest())) {
            return false;
        }
        if (wanted.tag().isPresent() && !wanted.tag().equals(r.tag())) {
            // kustomize writes name@digest without the tag when both are set
            return r.tag().isEmpty() && wanted.digest().isPresent();
        }
        return true;
    }

    private static boolean endsWithPath(String a, String b) {
        String x = a.startsWith("library/") ? a.substring(8) : a;
        String y = b.startsWith("library/") ? b.substring(8) : b;
        return x.equals(y) || x.endsWith("/" + y);
    }

    private static Optional<Plan> plan(Path root, WriteTarget target, String file) {
        String dir = parent(file);
        Plan kustomize = new Plan(dir, RenderSpec.of(RenderSpec.Tool.KUSTOMIZE), "the kustomize build of " + show(dir));
        if (target instanceof KustomizationTarget) {
            return Optional.of(kustomize);
        }
        if (target instanceof HelmValuesTarget) {
            return chart(root, dir).map(chart -> helm(chart, file));
        }
        if (target instanceof ManifestImageTarget) {
            return Optional.of(isKustomization(root, dir) ? kustomize : single(file));
        }
        if (target instanceof MarkerTarget) {
            if (isKustomization(root, dir)) {
                return Optional.of(kustomize);
            }
            if (Files.isRegularFile(root.resolve(dir).resolve("Chart.yaml"))) {
                return Optional.of(helm(dir, file));
            }
            return isManifest(root.resolve(file)) ? Optional.of(single(file)) : Optional.empty();
        }
        return Optional.empty();
    }

    private static String why(WriteTarget target) {
        if (target instanceof HelmValuesTarget) {
            return "no Chart.yaml in its folder or above it in the repository";
        }
        if (target instanceof MarkerTarget) {
            return "neither a kustomization nor a chart folder, and not a file of Kubernetes objects";
        }
        return "an Argo CD Application setting, rendered by Argo CD";
    }

    private static Plan helm(String chart, String valuesFile) {
        String relative = chart.isEmpty() ? valuesFile : Path.of(chart).relativize(Path.of(valuesFile)).toString().replace('\\', '/');
        HelmOptions options = HelmOptions.release("image-check");
        if (!relative.equals("values.yaml")) {
            options = options.withValueFiles(List.of(relative));
        }
        return new Plan(chart, new RenderSpec(RenderSpec.Tool.HELM, null, options, null), "the Helm render of " + show(chart)
                + (relative.equals("values.yaml") ? "" : " with " + relative));
    }

    private static Plan single(String file) {
        String dir = parent(file);
        String name = Path.of(file).getFileName().toString();
        return new Plan(dir, RenderSpec.of(RenderSpec.Tool.DIRECTORY).withDirectory(new DirectoryOptions(false, name, "")), file);
    }

    /** The folder of {@code dir} or the nearest above it holding a {@code Chart.yaml}. */
    private static Optional<String> chart(Path root, String dir) {
        Path d = root.resolve(dir).normalize();
        while (d.startsWith(root)) {
            if (Files.isRegularFile(d.resolve("Chart.yaml"))) {
                return Optional.of(root.relativize(d).toString().replace('\\', '/'));
            }
            if (d.equals(root)) {
                break;
            }
            d = d.getParent();
        }
        return Optional.empty();
    }

    private static boolean isKustomization(Path root, String dir) {
        return KustomizationTarget.NAMES.stream().anyMatch(n -> Files.isRegularFile(root.resolve(dir).resolve(n)));
    }

    /** Whether every document of the file is a Kubernetes object (apiVersion and kind). */
    private static boolean isManifest(Path file) {
        try {
            YamlFile f = YamlFile.parse(file.getFileName().toString(), Files.readString(file));
            return !f.documents.isEmpty() && f.documents.stream().allMatch(doc -> YamlFile.scalar(doc, "apiVersion").isPresent()
                    && YamlFile.scalar(doc, "kind").isPresent());
        } catch (java.io.IOException | ImageUpdateException e) {
            return false;
        }
    }

    private static String parent(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }

    private static String show(String dir) {
        return dir.isEmpty() ? "the repository root" : dir;
    }
}
