package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders of {@code *.jsonnet} files render as Argo CD's directory source renders them, in-process. */
class JsonnetRendererTest {

    @TempDir
    Path tmp;

    private static List<RenderedObject> render(Path root, Path dir, DirectoryOptions options) {
        return new DirectoryRenderer(options).render(root, dir);
    }

    private static RenderedObject kind(List<RenderedObject> objs, String kind) {
        return objs.stream().filter(o -> o.object().kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void theCorpusJsonnetGuestbookRendersServiceAndDeployment() {
        Path dir = ArgoExamples.example("jsonnet-guestbook");

        List<RenderedObject> objs = render(dir.getParent(), dir, DirectoryOptions.defaults());

        assertThat(objs).extracting(o -> o.object().kind()).containsExactly("Service", "Deployment");
        assertThat(kind(objs, "Service").object().name()).isEqualTo("jsonnet-guestbook-ui");
        assertThat(kind(objs, "Service").source()).contains("jsonnet-guestbook/guestbook-ui.jsonnet");
        assertThat(kind(objs, "Deployment").object().at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("gcr.io/google-samples/gb-frontend:v5");
    }

    @Test
    void theCorpusTlaExampleTakesItsDefaultsOrTheArguments() {
        Path dir = ArgoExamples.example("jsonnet-guestbook-tla");

        List<RenderedObject> defaults = render(dir.getParent(), dir, DirectoryOptions.defaults());
        List<RenderedObject> given = render(dir.getParent(), dir, DirectoryOptions.defaults().withJsonnet(
                new JsonnetOptions(Map.of(), Map.of(), Map.of("name", "tla-ui"), Map.of("replicas", "1 + 2"), List.of())));

        assertThat(defaults).extracting(o -> o.object().kind()).containsExactly("Service", "Deployment");
        assertThat(kind(defaults, "Deployment").object().at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(kind(given, "Service").object().name()).isEqualTo("tla-ui");
        assertThat(kind(given, "Deployment").object().at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void extVarsLibsRecurseIncludeAndExclude() throws IOException {
        Path root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("lib"));
        Files.createDirectories(root.resolve("app/sub"));
        Files.writeString(root.resolve("lib/k.libsonnet"), "{ cm(name, data):: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name }, data: data } }\n");
        Files.writeString(root.resolve("app/a.jsonnet"),
                "local k = import 'k.libsonnet';\nk.cm(std.extVar('env') + '-a', { replicas: std.toString(std.extVar('n') * 2) })\n");
        Files.writeString(root.resolve("app/list.jsonnet"),
                "{ apiVersion: 'v1', kind: 'List', items: [ { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'l1' } } ] }\n");
        Files.writeString(root.resolve("app/sub/b.jsonnet"), "[ { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } } ]\n");
        Files.writeString(root.resolve("app/plain.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");
        Files.writeString(root.resolve("app/helpers.libsonnet"), "error 'a library is never evaluated on its own'\n");
        JsonnetOptions jsonnet = new JsonnetOptions(Map.of("env", "prod"), Map.of("n", "21"), Map.of(), Map.of(), List.of("lib"));

        List<RenderedObject> flat = render(root, root.resolve("app"), new DirectoryOptions(false, "", "", jsonnet));
        List<RenderedObject> deep = render(root, root.resolve("app"), new DirectoryOptions(true, "*.jsonnet", "list.jsonnet", jsonnet));

        assertThat(flat).extracting(o -> o.object().name()).containsExactly("prod-a", "l1", "plain");
        assertThat(flat.get(0).object().at("/data/replicas").asText()).isEqualTo("42");
        assertThat(deep).extracting(o -> o.object().name()).containsExactly("prod-a", "b");
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        Path root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("bad"));
        Files.writeString(root.resolve("bad/x.jsonnet"), "{\n  a: 1,\n  b: std.extVar('missing'),\n}\n");

        assertThatThrownBy(() -> render(root, root.resolve("bad"), DirectoryOptions.defaults()))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("jsonnet bad/x.jsonnet: ")
                .hasMessageContaining("missing").hasMessageContaining("x.jsonnet:3");
    }

    @Test
    void importsCannotReadFilesOutsideTheRepository() throws IOException {
        Path root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("app"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "s3cr3t");
        Files.writeString(root.resolve("app/x.jsonnet"), "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { s: importstr '"
                + secret.toAbsolutePath() + "' } }\n");

        assertThatThrownBy(() -> render(root, root.resolve("app"), DirectoryOptions.defaults()))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("jsonnet app/x.jsonnet: ").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> render(root, root.resolve("app"), DirectoryOptions.defaults()
                .withJsonnet(new JsonnetOptions(Map.of(), Map.of(), Map.of(), Map.of(), List.of("../")))))
                .isInstanceOf(RenderException.class).hasMessageContaining("library path '../' is outside the repository");
    }

    @Test
    void aValueThatIsNoManifestIsAnError() throws IOException {
        Path root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/x.jsonnet"), "[ { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, 'oops' ]\n");

        assertThatThrownBy(() -> render(root, root.resolve("app"), DirectoryOptions.defaults()))
                .isInstanceOf(RenderException.class).hasMessage("app/x.jsonnet: element 1 of the array is not an object but string");
    }

    @Test
    void parseYamlIsRefusedRatherThanRunThroughSnakeYamlsUnsafeConstructor() throws IOException {
        Path root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/x.jsonnet"), "std.parseYaml('apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: y}')\n");

        assertThatThrownBy(() -> render(root, root.resolve("app"), DirectoryOptions.defaults()))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("jsonnet app/x.jsonnet: ").hasMessageContaining("parseYaml");
    }

    @Test
    void autoAndJsonnetToolsPickTheFolderRenderer() {
        Path dir = ArgoExamples.example("jsonnet-guestbook");
        assertThat(RenderSpec.auto().rendererFor(dir)).isInstanceOf(DirectoryRenderer.class);
        assertThat(RenderSpec.Tool.parse("jsonnet")).isEqualTo(RenderSpec.Tool.JSONNET);
        assertThat(RenderSpec.of(RenderSpec.Tool.JSONNET).rendererFor(dir).render(dir.getParent(), dir)).hasSize(2);
    }
}
