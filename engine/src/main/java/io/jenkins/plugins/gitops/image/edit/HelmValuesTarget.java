package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A Helm values file: the tag (or {@code tag@digest}) at {@code tagPath}, and when
 * {@code namePath} is given, the repository at that path too ({@code image.repository} +
 * {@code image.tag} pairs). Both paths must exist: a typo must not grow a new key that Helm ignores.
 */
public record HelmValuesTarget(String file, KeyPath tagPath, KeyPath namePath) implements WriteTarget {

    @Override
    public String file(Path root) {
        return file;
    }

    @Override
    public List<PlannedEdit> plan(YamlFile f, Desired desired) {
        Desired.Image d = Desired.image(desired, "helm-values:" + file);
        if (f.documents.isEmpty()) {
            throw new ImageUpdateException(f.name + ": empty values file");
        }
        Node root = f.documents.get(0);
        List<PlannedEdit> edits = new ArrayList<>();
        set(f, root, tagPath, d.tagValue(), d.reference().name()).ifPresent(edits::add);
        if (namePath != null) {
            set(f, root, namePath, d.reference().name(), d.reference().name()).ifPresent(edits::add);
        }
        return edits;
    }

    static Optional<PlannedEdit> set(YamlFile f, Node root, KeyPath path, String value, String subject) {
        Node node = f.find(root, path).orElseThrow(() -> new ImageUpdateException(f.name + ": key path " + path + " does not exist"));
        if (!(node instanceof ScalarNode s)) {
            throw new ImageUpdateException(f.name + ":" + (node.getStartMark().getLine() + 1) + ": " + path + " is not a single value");
        }
        if (s.getValue().equals(value)) {
            return Optional.empty();
        }
        return Optional.of(new PlannedEdit(f.replace(s, value, path),
                new ValueChange(subject, f.name, f.line(f.valueStart(s)), path.toString(), s.getValue(), value)));
    }
}
