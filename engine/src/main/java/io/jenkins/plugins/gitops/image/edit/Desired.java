package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import java.util.Objects;

/** What one update wants written: an image at a new tag/digest, or any named value (a model URI). */
public sealed interface Desired permits Desired.Image, Desired.Value {

    /** The name markers and setters refer to. */
    String name();

    /**
     * @param reference the image with its new tag and/or digest
     * @param policy    the name Flux setters and our marker use for it ({@code ns:name} or {@code name}); null: the last path component
     */
    record Image(ImageReference reference, String policy) implements Desired {
        public Image {
            Objects.requireNonNull(reference, "reference");
            if (reference.tag().isEmpty() && reference.digest().isEmpty()) {
                throw new ImageUpdateException(reference + ": a desired image needs a tag or a digest");
            }
        }

        @Override
        public String name() {
            if (policy != null) {
                return policy;
            }
            String repo = reference.repository();
            return repo.substring(repo.lastIndexOf('/') + 1);
        }

        /** {@code tag}, {@code tag@sha256:...} or {@code sha256:...}: what goes in a tag field. */
        public String tagValue() {
            String tag = reference.tag().orElse(null);
            String digest = reference.digest().orElse(null);
            return tag == null ? digest : digest == null ? tag : tag + "@" + digest;
        }
    }

    /** Any value set through our marker comment, e.g. an InferenceService {@code storageUri}. */
    record Value(String name, String value) implements Desired {
        public Value {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    static Image image(Desired d, String target) {
        if (d instanceof Image i) {
            return i;
        }
        throw new ImageUpdateException(target + ": sets images only, not the value '" + d.name() + "' (use a marker target)");
    }
}
