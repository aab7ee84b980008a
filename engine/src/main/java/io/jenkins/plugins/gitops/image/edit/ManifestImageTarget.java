package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@code image:} field of a plain manifest (all documents) that names the same image,
 * whatever the spelling ({@code nginx} and {@code docker.io/library/nginx} are one image).
 * The name keeps its spelling; only tag and digest change.
 */
public record ManifestImageTarget(String file) implements WriteTarget {

    @Override
    public String file(Path root) {
        return file;
    }

    @Override
    public List<PlannedEdit> plan(YamlFile f, Desired desired) {
        Desired.Image d = Desired.image(desired, "manifest:" + file);
        List<PlannedEdit> edits = new ArrayList<>();
        int[] seen = {0};
        for (var doc : f.documents) {
            f.eachValue(doc, null, (key, scalar) -> {
                if (!"image".equals(key) || !sameImage(scalar.getValue(), d.reference())) {
                    return;
                }
                seen[0]++;
                String value = MarkerTarget.rewriteImage(scalar.getValue(), d.reference());
                if (!value.equals(scalar.getValue())) {
                    int start = f.valueStart(scalar);
                    edits.add(new PlannedEdit(f.replace(scalar, value, KeyPath.parse("image")),
                            new ValueChange(d.reference().name(), f.name, f.line(start), "image", scalar.getValue(), value)));
                }
            });
        }
        if (seen[0] == 0) {
            throw new ImageUpdateException(f.name + ": no image: field names " + d.reference().name());
        }
        return edits;
    }

    static boolean sameImage(String written, ImageReference image) {
        try {
            return ImageReference.parse(written).sameImage(image);
        } catch (ImageUpdateException e) {
            return false;
        }
    }
}
