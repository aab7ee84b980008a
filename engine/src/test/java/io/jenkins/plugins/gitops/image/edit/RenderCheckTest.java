package io.jenkins.plugins.gitops.image.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCheckTest {

    @TempDir
    Path root;

    @Test
    void aRenderedImageCarriesTheReferenceWhenItIsTheSameImageWithTheNewTagAndDigest() {
        ImageReference v2 = ImageReference.parse("registry.corp:5000/ml/trainer:v2");
        assertThat(RenderCheck.carries("registry.corp:5000/ml/trainer:v2", v2)).isTrue();
        assertThat(RenderCheck.carries("ml/trainer:v2", v2)).as("a chart that joins the registry elsewhere").isTrue();
        assertThat(RenderCheck.carries("registry.corp:5000/ml/trainer:v1", v2)).isFalse();
        assertThat(RenderCheck.carries("registry.corp:5000/ml/other:v2", v2)).isFalse();
        assertThat(RenderCheck.carries("nginx:1.27", ImageReference.parse("docker.io/library/nginx:1.27"))).isTrue();
        String digest = "sha256:" + "a".repeat(64);
        assertThat(RenderCheck.carries("ml/trainer@" + digest, ImageReference.parse("ml/trainer:v2@" + digest))).isTrue();
        assertThat(RenderCheck.carries("{{ .Values.image }}", v2)).isFalse();
    }

    /** A marked value (a model URI) must reach the rendered objects; a marker in a file that is not a manifest is only noted. */
    @Test
    void aMarkedValueMustShowInTheRenderedManifest() throws Exception {
        String isvc = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: fraud}\nspec:\n  predictor:\n"
                + "    model:\n      storageUri: s3://m/v2 # {\"$gitops\": \"model\"}\n";
        Files.writeString(root.resolve("isvc.yaml"), isvc);
        Files.writeString(root.resolve("notes.yaml"), "model: s3://m/v2 # {\"$gitops\": \"model\"}\n");
        FileEditor.Assignment marked = new FileEditor.Assignment(new MarkerTarget("isvc.yaml"), new Desired.Value("model", "s3://m/v2"));
        FileEditor.Assignment wrong = new FileEditor.Assignment(new MarkerTarget("isvc.yaml"), new Desired.Value("model", "s3://m/v3"));
        FileEditor.Assignment loose = new FileEditor.Assignment(new MarkerTarget("notes.yaml"), new Desired.Value("model", "s3://m/v2"));
        List<FileEditor.FileChange> changes = List.of(new FileEditor.FileChange("isvc.yaml", "", isvc, List.of()),
                new FileEditor.FileChange("notes.yaml", "", "", List.of()));
        RenderCheck check = RenderCheck.standalone();

        assertThat(check.verify(root, List.of(marked, loose), changes))
                .containsExactly("notes.yaml: not re-rendered (neither a kustomization nor a chart folder, and not a file of Kubernetes objects);"
                        + " the edit is checked in the file only");
        assertThatThrownBy(() -> check.verify(root, List.of(wrong), changes)).isInstanceOf(ImageUpdateException.class)
                .hasMessage("isvc.yaml: after the edit, no value in isvc.yaml is 's3://m/v3' (marker 'model'): the edit would change nothing"
                        + " that is deployed; nothing committed");
    }
}
