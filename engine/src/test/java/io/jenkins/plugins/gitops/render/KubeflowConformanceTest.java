package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.gitops.source.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rendering the Kubeflow manifests gives exactly what {@code kubectl kustomize} prints: the same
 * documents, in the same order, equal as JSON trees. The reference output is parsed with Jackson's
 * YAML reader, independently of the engine's SnakeYAML parser.
 */
class KubeflowConformanceTest {

    private static final String EXAMPLE = "offline/manifests/example";

    @Test
    void exampleRendersTheSame683ObjectsAsKubectlKustomize() throws Exception {
        Kubectl.assumeAvailable();
        Path kubeflow = Kubectl.kubeflow();
        Checkout folder = Checkout.ofFolder(kubeflow);

        long t0 = System.nanoTime();
        List<JsonNode> reference = reference(kubeflow.resolve(EXAMPLE));
        Duration kubectl = Duration.ofNanos(System.nanoTime() - t0);

        // A tree id stands in for a Git checkout so that the render cache is exercised on the real workload.
        Checkout asGit = new Checkout(folder.url(), "test", "0".repeat(40), folder.root(), Optional.of("kubeflow-conformance-" + System.nanoTime()), false);
        RenderService service = new RenderService(null, RenderCache.inMemory());
        RenderResult first = service.render(asGit, EXAMPLE, RenderSpec.auto());
        RenderResult second = service.render(asGit, EXAMPLE, RenderSpec.auto());

        List<RenderedObject> objs = first.set().objects();
        assertThat(objs).hasSize(683).hasSameSizeAs(reference);
        for (int i = 0; i < objs.size(); i++) {
            assertThat(objs.get(i).object().at("")).as("document %d (%s)", i, objs.get(i).object().key()).isEqualTo(reference.get(i));
        }
        assertThat(first.cacheHit()).isFalse();
        assertThat(second.cacheHit()).isTrue();
        assertThat(second.set().digest()).isEqualTo(first.set().digest());
        System.out.printf("kubeflow example: kubectl kustomize %d ms, engine render %d ms (ratio %.2f), cached re-render %.2f ms, %s%n",
                kubectl.toMillis(), first.duration().toMillis(), (double) first.duration().toNanos() / kubectl.toNanos(),
                second.duration().toNanos() / 1e6, first.set().digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "applications/kserve/kserve",
        "applications/jupyter/notebook-controller/upstream/overlays/kubeflow",
        "common/cert-manager/overlays/kubeflow",
        "applications/trainer/overlays",
    })
    void singleComponentsRenderTheSameAsKubectlKustomize(String component) throws Exception {
        Kubectl.assumeAvailable();
        Path manifests = Kubectl.kubeflow().resolve("offline/manifests");
        List<JsonNode> reference = reference(manifests.resolve(component));

        List<RenderedObject> objs = new KustomizeRenderer(KustomizeOptions.defaults()).render(manifests, manifests.resolve(component));

        assertThat(objs).extracting(o -> o.object().at("")).containsExactlyElementsOf(reference);
        assertThat(RenderedSet.of(objs, "", "kustomize", "").size()).isEqualTo(reference.size());
    }

    private static List<JsonNode> reference(Path dir) throws Exception {
        Path out = Files.createTempFile("kubectl-kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor()).as("kubectl kustomize %s", dir).isZero();
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(out.toFile())) {
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && !n.isNull() && !n.isMissingNode()) {
                        docs.add(n);
                    }
                }
            }
            return docs;
        } finally {
            Files.delete(out);
        }
    }
}
