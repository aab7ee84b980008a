package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Argo CD Image Updater's write-back file {@code <dir>/.argocd-source-<app>.yaml}: Argo CD merges
 * it into the app's source. Kustomize mode keeps {@code kustomize.images: [name:tag]}; helm mode a
 * {@code helm.parameters} entry {@code {name, value, forcestring: true}}. Created when missing.
 */
public record ArgoSourceTarget(String dir, String app, String helmParameter) implements WriteTarget {

    @Override
    public String file(Path root) {
        return WriteTarget.join(dir, ".argocd-source-" + app + ".yaml");
    }

    @Override
    public boolean createsFile() {
        return true;
    }

    /** The content of a new file, in Image Updater's layout. */
    String initial(Desired.Image d) {
        if (helmParameter == null) {
            return "kustomize:\n  images:\n  - " + YamlInserts.render(MarkerTarget.rewriteImage(d.reference().name(), d.reference()), false) + "\n";
        }
        return "helm:\n  parameters:\n  - name: " + YamlInserts.render(helmParameter, false) + "\n    value: "
                + YamlInserts.render(d.tagValue(), false) + "\n    forcestring: true\n";
    }

    @Override
    public List<PlannedEdit> plan(YamlFile f, Desired desired) {
        Desired.Image d = Desired.image(desired, "argocd-source:" + dir);
        if (f.documents.isEmpty()) {
            String text = initial(d);
            return List.of(new PlannedEdit(new TextEdit(0, f.text.length(), text),
                    new ValueChange(d.reference().name(), f.name, 3, helmParameter == null ? "kustomize.images" : "helm.parameters", null, d.tagValue())));
        }
        Node root = f.documents.get(0);
        if (helmParameter == null) {
            Node images = YamlFile.get(root, "kustomize").flatMap(k -> YamlFile.get(k, "images")).orElse(null);
            if (!(images instanceof SequenceNode seq)) {
                throw new ImageUpdateException(f.name + ": no kustomize.images list");
            }
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s && ManifestImageTarget.sameImage(s.getValue(), d.reference())) {
                    String value = MarkerTarget.rewriteImage(s.getValue(), d.reference());
                    return value.equals(s.getValue()) ? List.of() : List.of(new PlannedEdit(f.replace(s, value, KeyPath.parse("kustomize.images")),
                            new ValueChange(d.reference().name(), f.name, f.line(f.valueStart(s)), "kustomize.images", s.getValue(), value)));
                }
            }
            String value = MarkerTarget.rewriteImage(d.reference().name(), d.reference());
            TextEdit edit = YamlInserts.appendScalar(f, seq, value);
            return List.of(new PlannedEdit(edit, new ValueChange(d.reference().name(), f.name, f.line(edit.start()) + 1, "kustomize.images", null, value)));
        }
        Node params = YamlFile.get(root, "helm").flatMap(h -> YamlFile.get(h, "parameters")).orElse(null);
        if (!(params instanceof SequenceNode seq)) {
            throw new ImageUpdateException(f.name + ": no helm.parameters list");
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node p = seq.getValue().get(i);
            if (helmParameter.equals(YamlFile.scalar(p, "name").orElse(null)) && p instanceof MappingNode m) {
                Optional<PlannedEdit> e = YamlInserts.setOrAdd(f, m, KeyPath.parse("helm.parameters[" + i + "]"), "value", d.tagValue(), d.reference().name());
                return e.map(List::of).orElse(List.of());
            }
        }
        LinkedHashMap<String, Object> item = new LinkedHashMap<>();
        item.put("name", helmParameter);
        item.put("value", d.tagValue());
        item.put("forcestring", Boolean.TRUE);
        TextEdit edit = YamlInserts.appendItem(f, seq, item);
        return List.of(new PlannedEdit(edit, new ValueChange(d.reference().name(), f.name, f.line(edit.start()) + 1, "helm.parameters", null, d.tagValue())));
    }
}
