package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * An Argo CD {@code Application} manifest: in {@code spec.source} (and every {@code spec.sources[*]},
 * so multi-source apps are not skipped), either the {@code kustomize.images} entry for the image
 * ({@code [alias=]name[:tag][@digest]}, added if the list exists without it) or, when
 * {@code helmParameter} is given, the {@code value} of that {@code helm.parameters} entry.
 */
public record ArgoApplicationTarget(String file, String helmParameter) implements WriteTarget {

    @Override
    public String file(Path root) {
        return file;
    }

    @Override
    public List<PlannedEdit> plan(YamlFile f, Desired desired) {
        Desired.Image d = Desired.image(desired, "argocd-app:" + file);
        List<PlannedEdit> edits = new ArrayList<>();
        boolean found = false;
        for (Node doc : f.documents) {
            if (!"Application".equals(YamlFile.scalar(doc, "kind").orElse(null))) {
                continue;
            }
            Node spec = YamlFile.get(doc, "spec").orElse(null);
            List<Node> sources = new ArrayList<>();
            YamlFile.get(spec, "source").ifPresent(sources::add);
            YamlFile.get(spec, "sources").filter(SequenceNode.class::isInstance).ifPresent(s -> sources.addAll(((SequenceNode) s).getValue()));
            for (Node source : sources) {
                Optional<PlannedEdit> e = helmParameter == null ? kustomize(f, source, d) : helm(f, source, d);
                if (e != null) {
                    found = true;
                    e.ifPresent(edits::add);
                }
            }
        }
        if (!found) {
            throw new ImageUpdateException(f.name + ": no Application source with " + (helmParameter == null
                    ? "kustomize.images" : "helm.parameters named " + helmParameter));
        }
        return edits;
    }

    /** Null when this source has no kustomize images; empty when nothing changes. */
    private static Optional<PlannedEdit> kustomize(YamlFile f, Node source, Desired.Image d) {
        Node images = YamlFile.get(source, "kustomize").flatMap(k -> YamlFile.get(k, "images")).orElse(null);
        if (!(images instanceof SequenceNode seq)) {
            return null;
        }
        String subject = d.reference().name();
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && matches(s.getValue(), d.reference())) {
                String current = s.getValue();
                int eq = current.indexOf('=');
                String alias = eq >= 0 ? current.substring(0, eq + 1) : "";
                String value = alias + MarkerTarget.rewriteImage(current.substring(alias.length()), d.reference());
                if (value.equals(current)) {
                    return Optional.empty();
                }
                int start = f.valueStart(s);
                return Optional.of(new PlannedEdit(f.replace(s, value, KeyPath.parse("spec.source.kustomize.images")),
                        new ValueChange(subject, f.name, f.line(start), "kustomize.images", current, value)));
            }
        }
        String value = MarkerTarget.rewriteImage(subject, d.reference());
        TextEdit edit = YamlInserts.appendScalar(f, seq, value);
        return Optional.of(new PlannedEdit(edit, new ValueChange(subject, f.name, f.line(edit.start()) + (YamlInserts.isFlow(seq) ? 0 : 1),
                "kustomize.images", null, value)));
    }

    private static boolean matches(String entry, ImageReference image) {
        int eq = entry.indexOf('=');
        String alias = eq >= 0 ? entry.substring(0, eq) : null;
        String ref = eq >= 0 ? entry.substring(eq + 1) : entry;
        return ManifestImageTarget.sameImage(ref, image) || (alias != null && ManifestImageTarget.sameImage(alias, image));
    }

    private Optional<PlannedEdit> helm(YamlFile f, Node source, Desired.Image d) {
        Node params = YamlFile.get(source, "helm").flatMap(h -> YamlFile.get(h, "parameters")).orElse(null);
        if (!(params instanceof SequenceNode seq)) {
            return null;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node p = seq.getValue().get(i);
            if (helmParameter.equals(YamlFile.scalar(p, "name").orElse(null)) && p instanceof MappingNode m) {
                return YamlInserts.setOrAdd(f, m, KeyPath.parse("helm.parameters[" + i + "]"), "value", d.tagValue(), d.reference().name());
            }
        }
        return null;
    }
}
