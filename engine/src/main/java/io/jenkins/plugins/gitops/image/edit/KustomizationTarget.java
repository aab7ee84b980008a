package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code images:} list of a kustomization, as {@code kustomize edit set image name:tag@digest}
 * changes it: the entry with the image's name gets {@code newTag} and/or {@code digest}; failing
 * that, the entry whose {@code newName} is the image (an alias, as {@code kustomize edit set image
 * trainer=registry/ml/trainer:v2} writes it: {@code name: trainer}, {@code newName: registry/ml/trainer}),
 * since a second entry named after the new name would change nothing in the render. Only when no
 * entry applies is one added (or the list). {@code newName} is left alone. The edit's effect is
 * checked afterwards on a render of the folder ({@link RenderCheck}).
 */
public record KustomizationTarget(String dir) implements WriteTarget {

    static final List<String> NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    @Override
    public String file(Path root) {
        for (String n : NAMES) {
            String rel = WriteTarget.join(dir, n);
            if (WriteTarget.exists(root, rel)) {
                return rel;
            }
        }
        throw new ImageUpdateException("kustomization:" + dir + ": no kustomization.yaml, kustomization.yml or Kustomization in " + dir);
    }

    @Override
    public List<PlannedEdit> plan(YamlFile f, Desired desired) {
        Desired.Image d = Desired.image(desired, "kustomization:" + dir);
        if (f.documents.isEmpty()) {
            throw new ImageUpdateException(f.name + ": empty kustomization");
        }
        Node root = f.documents.get(0);
        String subject = d.reference().name();
        KeyPath imagesPath = KeyPath.parse("images");
        Optional<Node> images = YamlFile.get(root, "images");
        LinkedHashMap<String, String> wanted = new LinkedHashMap<>();
        d.reference().tag().ifPresent(t -> wanted.put("newTag", t));
        d.reference().digest().ifPresent(g -> wanted.put("digest", g));
        if (images.isPresent() && images.get() instanceof SequenceNode seq) {
            int at = entry(seq, "name", d.reference());
            if (at < 0) {
                at = entry(seq, "newName", d.reference());
            }
            if (at >= 0) {
                MappingNode m = (MappingNode) seq.getValue().get(at);
                List<PlannedEdit> edits = new ArrayList<>();
                KeyPath entryPath = KeyPath.parse("images[" + at + "]");
                for (var e : wanted.entrySet()) {
                    YamlInserts.setOrAdd(f, m, entryPath, e.getKey(), e.getValue(), subject).ifPresent(edits::add);
                }
                return edits;
            }
            LinkedHashMap<String, String> item = new LinkedHashMap<>();
            item.put("name", subject);
            item.putAll(wanted);
            TextEdit edit = YamlInserts.appendItem(f, seq, item);
            return List.of(new PlannedEdit(edit, new ValueChange(subject, f.name, f.line(edit.start()) + (YamlInserts.isFlow(seq) ? 0 : 1),
                    "images[" + seq.getValue().size() + "]", null, d.tagValue())));
        }
        if (images.isPresent() && !(images.get() instanceof org.yaml.snakeyaml.nodes.ScalarNode s && s.getValue().isEmpty())) {
            throw new ImageUpdateException(f.name + ":" + (images.get().getStartMark().getLine() + 1) + ": " + imagesPath + " is not a list");
        }
        if (images.isPresent()) {
            throw new ImageUpdateException(f.name + ":" + (images.get().getStartMark().getLine() + 1) + ": 'images:' is empty; write 'images: []' or remove it");
        }
        LinkedHashMap<String, String> item = new LinkedHashMap<>();
        item.put("name", subject);
        item.putAll(wanted);
        TextEdit edit = YamlInserts.addRootSequence(f, root, "images", List.of(item));
        return List.of(new PlannedEdit(edit, new ValueChange(subject, f.name, f.line(edit.start()) + 2, "images[0]", null, d.tagValue())));
    }

    /** The index of the first entry whose {@code field} ({@code name} or {@code newName}) is the image; -1 for none. */
    private static int entry(SequenceNode seq, String field, ImageReference image) {
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node entry = seq.getValue().get(i);
            String value = YamlFile.scalar(entry, field).orElse(null);
            if (value != null && matches(value, image) && entry instanceof MappingNode) {
                return i;
            }
        }
        return -1;
    }

    /** Kustomize matches the name as written in the manifests; we also accept other spellings of the same image. */
    static boolean matches(String written, ImageReference image) {
        if (written.equals(image.name())) {
            return true;
        }
        try {
            return ImageReference.parse(written).sameImage(image);
        } catch (ImageUpdateException e) {
            return false;
        }
    }
}
