package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import io.jenkins.plugins.gitops.source.SourceException;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderServiceTest {

    @TempDir
    Path tmp;
    GitServer server;
    GitRepoBuilder repo;
    GitSource source;

    @BeforeEach
    void setUp() {
        server = GitServer.start().requireLogin("bot", "t0ken");
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        repo.write("apps/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n").commit("web");
        source = GitSource.of(server.serve("apps", repo.gitDir()), "main").withCredentials(GitCredentials.usernamePassword("bot", "t0ken"));
    }

    @AfterEach
    void tearDown() {
        repo.close();
        server.close();
    }

    private RenderService service() {
        return new RenderService(new MirrorCache(tmp.resolve("repos"), line -> { }), new RenderCache(Optional.of(tmp.resolve("renders")), 4, line -> { }));
    }

    @Test
    void secondRenderOfAnUnchangedRevisionIsACacheHitAndFetchesNothing() {
        RenderService service = service();
        RenderResult first = service.render(source, "apps/web", RenderSpec.auto());
        int packs = server.packRequests();

        RenderResult second = service.render(source, "apps/web", RenderSpec.auto());

        assertThat(first.cacheHit()).isFalse();
        assertThat(second.cacheHit()).isTrue();
        assertThat(second.set()).isEqualTo(first.set());
        assertThat(server.packRequests()).isEqualTo(packs);
        assertThat(first.set().renderer()).isEqualTo("directory");
        assertThat(first.set().objects().get(0).source()).contains("apps/web/cm.yaml");
    }

    @Test
    void theOnDiskCacheServesAnotherProcess() {
        RenderResult first = service().render(source, "apps/web", RenderSpec.auto());

        RenderResult fresh = service().render(source, "apps/web", RenderSpec.auto());

        assertThat(fresh.cacheHit()).isTrue();
        assertThat(fresh.set().digest()).isEqualTo(first.set().digest());
        assertThat(fresh.set().objects()).isEqualTo(first.set().objects());
    }

    @Test
    void aNewCommitOrOtherOptionsRenderAgain() {
        RenderService service = service();
        service.render(source, "apps/web", RenderSpec.auto());

        assertThat(service.render(source, "apps/web", RenderSpec.auto().withDirectory(new DirectoryOptions(true, "", ""))).cacheHit()).isFalse();
        String sha = repo.write("apps/web/more.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n").commit("more");
        RenderResult after = service.render(source, "apps/web", RenderSpec.auto());
        assertThat(after.cacheHit()).isFalse();
        assertThat(after.set().revision()).isEqualTo(sha);
        assertThat(after.set().size()).isEqualTo(2);
    }

    @Test
    void badPathsAndBadYamlAreClearErrors() {
        assertThatThrownBy(() -> service().render(source, "apps/none", RenderSpec.auto())).isInstanceOf(SourceException.class)
                .hasMessageContaining("path 'apps/none' not found");
        repo.write("apps/web/bad.yaml", "kind: [\n").commit("bad");
        assertThatThrownBy(() -> service().render(source, "apps/web", RenderSpec.auto())).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("apps/web/bad.yaml:");
    }
}
