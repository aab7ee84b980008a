package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A render without objects is an error that says what the folder holds, unless allowEmpty. */
class EmptyRenderTest {

    @TempDir
    Path tmp;
    GitRepoBuilder repo;
    GitSource source;

    @BeforeEach
    void setUp() {
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        repo.write("cue/main.cue", "{}\n").write("cue/lib.libsonnet", "{}\n").write("cue/params.cue", "{}\n")
                .write("docs/README", "hello\n").write("docs/sub/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\n")
                .write("comments/only.yaml", "# nothing here yet\n---\n# still nothing\n")
                .write("filtered/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
                .write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
                .commit("folders");
        source = GitSource.of(tmp.resolve("origin").toString(), "HEAD");
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    private RenderService service() {
        return new RenderService(new MirrorCache(tmp.resolve("repos"), line -> { }), new RenderCache(Optional.of(tmp.resolve("renders")), 4, line -> { }));
    }

    @Test
    void aFolderOfFilesNoRendererReadsIsRefusedNamingThem() {
        assertThatThrownBy(() -> service().render(source, "cue", RenderSpec.auto()))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("cue: 3 file(s), none of them manifests: 2 *.cue, 1 *.libsonnet"
                        + " (the directory renderer reads *.yaml, *.yml, *.json and *.jsonnet; *.libsonnet only as imports)")
                .hasMessageContaining("allowEmpty (--allow-empty)")
                .satisfies(e -> assertThat(((GitopsException) e).badInput()).as("bad input, exit 2").isTrue());
    }

    @Test
    void theMessageSaysWhatWasSkippedAndWhy() {
        assertThatThrownBy(() -> service().render(source, "docs", RenderSpec.auto()))
                .hasMessageStartingWith("docs: 1 file(s), none of them manifests: 1 README (the directory renderer reads *.yaml, *.yml, *.json and *.jsonnet; *.libsonnet only as imports);"
                        + " 1 sub-folder(s) not read (recurse is off)");
        assertThatThrownBy(() -> service().render(source, "comments", RenderSpec.auto()))
                .hasMessageStartingWith("comments: 1 manifest file(s) without objects (only comments, empty documents or an empty list): only.yaml");
        RenderSpec excluding = RenderSpec.auto().withDirectory(new DirectoryOptions(false, "", "a.yaml"));
        assertThatThrownBy(() -> service().render(source, "filtered", excluding))
                .hasMessageStartingWith("filtered: 1 manifest file(s) left out by exclude 'a.yaml'");
    }

    @Test
    void aCachedEmptyRenderIsRefusedToo() {
        RenderService service = service();
        RenderResult allowed = service.render(source, "comments", RenderSpec.auto().withAllowEmpty(true));
        assertThat(allowed.set().size()).isZero();
        assertThatThrownBy(() -> service.render(source, "comments", RenderSpec.auto())).hasMessageContaining("without objects");
        assertThat(service.render(source, "web", RenderSpec.auto()).set().size()).isEqualTo(1);
    }
}
