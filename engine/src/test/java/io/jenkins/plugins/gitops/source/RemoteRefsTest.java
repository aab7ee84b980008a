package io.jenkins.plugins.gitops.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteRefsTest {

    private static final String PASSWORD = "ls-Remote-s3cret";

    @TempDir
    Path tmp;

    GitServer server;
    GitRepoBuilder repo;
    String url;

    @BeforeEach
    void setUp() {
        server = GitServer.start().requireLogin("alice", PASSWORD);
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        url = server.serve("apps", repo.gitDir());
    }

    @AfterEach
    void tearDown() {
        repo.close();
        server.close();
    }

    private GitSource source(String revision) {
        return GitSource.of(url, revision).withCredentials(GitCredentials.usernamePassword("alice", PASSWORD));
    }

    @Test
    void branchesTagsAndHeadResolveFromOneRefListingWithoutFetchingObjects() {
        String first = repo.write("a.yaml", "kind: ConfigMap\n").commit("first");
        repo.tag("v1");
        String second = repo.write("a.yaml", "kind: Secret\n").commit("second");

        assertThat(RemoteRefs.resolve(source("main"), line -> { })).isEqualTo(second);
        assertThat(RemoteRefs.resolve(source("HEAD"), line -> { })).isEqualTo(second);
        assertThat(RemoteRefs.resolve(source("v1"), line -> { })).as("annotated tag peeled to its commit").isEqualTo(first);
        assertThat(RemoteRefs.resolve(source("refs/tags/v1"), line -> { })).isEqualTo(first);
        assertThat(RemoteRefs.resolve(source(first), line -> { })).isEqualTo(first);
        assertThat(server.packRequests()).as("no objects fetched").isZero();

        String third = repo.write("a.yaml", "kind: Service\n").commit("third");
        assertThat(RemoteRefs.resolve(source("main"), line -> { })).as("a moved branch is seen at once").isEqualTo(third);
    }

    @Test
    void unknownRevisionsAndRefusedCredentialsSayWhatToFix() {
        repo.write("a.yaml", "kind: ConfigMap\n").commit("first");
        repo.tag("v1");

        assertThatThrownBy(() -> RemoteRefs.resolve(source("release-9"), line -> { }))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.reason()).isEqualTo(SourceException.Reason.UNKNOWN_REVISION))
                .hasMessageContaining(url + ": no branch or tag 'release-9'").hasMessageContaining("the remote has main, v1");
        assertThatThrownBy(() -> RemoteRefs.resolve(GitSource.of(url, "main").withCredentials(GitCredentials.usernamePassword("alice", "wrong-pw-123")), line -> { }))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.reason()).isEqualTo(SourceException.Reason.AUTH_REFUSED))
                .hasMessageNotContaining("wrong-pw-123");
    }
}
