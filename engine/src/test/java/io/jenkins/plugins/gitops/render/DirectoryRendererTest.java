package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryRendererTest {

    @TempDir
    Path root;
    Path app;

    static String cm(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n";
    }

    @BeforeEach
    void files() throws Exception {
        app = Files.createDirectories(root.resolve("app"));
        Files.writeString(app.resolve("b.yaml"), cm("b") + "---\n" + cm("b2"));
        Files.writeString(app.resolve("a.yml"), cm("a"));
        Files.writeString(app.resolve("c.json"), "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
        Files.writeString(app.resolve("notes.txt"), "not yaml: [");
        Files.createDirectories(app.resolve("sub"));
        Files.writeString(app.resolve("sub/d.yaml"), cm("d"));
        Files.createDirectories(app.resolve(".github"));
        Files.writeString(app.resolve(".github/x.yaml"), "on: push\n");
    }

    private List<String> names(DirectoryOptions options) {
        return new DirectoryRenderer(options).render(root, app).stream().map(o -> o.object().name()).toList();
    }

    @Test
    void filesInPathOrderDocumentsInFileOrderNotRecursiveByDefault() {
        assertThat(names(DirectoryOptions.defaults())).containsExactly("a", "b", "b2", "c");
    }

    @Test
    void recurseIncludesSubFoldersButNotHiddenOnes() {
        assertThat(names(new DirectoryOptions(true, "", ""))).containsExactly("a", "b", "b2", "c", "d");
    }

    @Test
    void includeAndExcludeGlobs() {
        assertThat(names(new DirectoryOptions(true, "*.yaml", ""))).containsExactly("b", "b2", "d");
        assertThat(names(new DirectoryOptions(true, "", "{b.yaml,sub/*}"))).containsExactly("a", "c");
    }

    @Test
    void sourcesAreRelativeToTheRepository() {
        List<RenderedObject> objs = new DirectoryRenderer(new DirectoryOptions(true, "", "")).render(root, app);
        assertThat(objs.get(4).source()).contains("app/sub/d.yaml");
    }

    @Test
    void aSymlinkedFileFromOutsideIsRefused() throws Exception {
        Path outside = Files.createTempFile("outside", ".yaml");
        try {
            Files.writeString(outside, cm("secret"));
            Files.createSymbolicLink(app.resolve("z.yaml"), outside);
            assertThatThrownBy(() -> names(DirectoryOptions.defaults()))
                    .isInstanceOf(RenderException.class).hasMessage("app/z.yaml: leaves the repository through a symbolic link");
        } finally {
            Files.delete(outside);
        }
    }
}
