package io.jenkins.plugins.gitops.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitServerTest {

    private static final String PASSWORD = "pu5h-Secret";

    @TempDir
    Path tmp;

    private GitServer server;
    private Path bare;
    private String url;
    private String seed;

    @BeforeEach
    void setUp() throws Exception {
        try (GitRepoBuilder work = GitRepoBuilder.init(tmp.resolve("work"))) {
            seed = work.write("app/values.yaml", "tag: v1\n").commit("seed");
            bare = tmp.resolve("remote.git");
            Git.cloneRepository().setBare(true).setURI(work.gitDir().toUri().toString()).setDirectory(bare.toFile()).call().close();
        }
        server = GitServer.start().requireLogin("ci", PASSWORD);
        url = server.serve("apps", bare);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Git cloneOverHttp(String name) throws Exception {
        return Git.cloneRepository().setURI(url).setDirectory(tmp.resolve(name).toFile()).setCredentialsProvider(login(PASSWORD)).call();
    }

    private static UsernamePasswordCredentialsProvider login(String password) {
        return new UsernamePasswordCredentialsProvider("ci", password);
    }

    private static RevCommit commit(Git git, String tag) throws Exception {
        Path file = git.getRepository().getWorkTree().toPath().resolve("app/values.yaml");
        Files.writeString(file, "tag: " + tag + "\n");
        git.add().addFilepattern("app/values.yaml").call();
        return git.commit().setMessage(tag).setAuthor("t", "t@example.org").setCommitter("t", "t@example.org").setSign(false).call();
    }

    private static RemoteRefUpdate.Status push(Git git, String password, boolean force) throws Exception {
        return update(git, password, force).getStatus();
    }

    private static RemoteRefUpdate update(Git git, String password, boolean force) throws Exception {
        PushResult r = git.push().setRemote("origin").add("main").setForce(force).setCredentialsProvider(login(password)).call().iterator().next();
        return r.getRemoteUpdate("refs/heads/main");
    }

    private ObjectId remoteMain() throws Exception {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
            return repo.resolve("refs/heads/main");
        }
    }

    @Test
    void pushWithTheLoginUpdatesTheBranch() throws Exception {
        try (Git git = cloneOverHttp("a")) {
            RevCommit c = commit(git, "v2");
            assertThat(push(git, PASSWORD, false)).isEqualTo(RemoteRefUpdate.Status.OK);
            assertThat(remoteMain()).isEqualTo(c.getId());
        }
        assertThat(server.pushes()).isEqualTo(1);
    }

    @Test
    void pushWithAWrongPasswordIsRefusedAndChangesNothing() throws Exception {
        try (Git git = cloneOverHttp("a")) {
            commit(git, "v2");
            int refusedBefore = server.refusedLogins();
            assertThatThrownBy(() -> push(git, "wrong-password", false))
                    .isInstanceOf(TransportException.class).hasMessageContaining("not authorized");
            assertThat(server.refusedLogins()).isGreaterThan(refusedBefore);
        }
        assertThat(server.pushes()).isZero();
        assertThat(remoteMain().name()).isEqualTo(seed);
    }

    @Test
    void nonFastForwardIsRejectedEvenWhenForced() throws Exception {
        try (Git a = cloneOverHttp("a"); Git b = cloneOverHttp("b")) {
            RevCommit first = commit(a, "v2");
            assertThat(push(a, PASSWORD, false)).isEqualTo(RemoteRefUpdate.Status.OK);
            commit(b, "v3");
            assertThat(push(b, PASSWORD, false)).isEqualTo(RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD);
            // The client lets a forced push through; the server refuses it, as hosted servers do for protected branches.
            RemoteRefUpdate forced = update(b, PASSWORD, true);
            assertThat(forced.getStatus()).isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
            assertThat(forced.getMessage()).isEqualTo("non-fast forward");
            assertThat(remoteMain()).isEqualTo(first.getId());
        }
    }

    @Test
    void aBranchMovedBetweenRefListingAndPackIsRefusedNotOverwritten() throws Exception {
        try (Git a = cloneOverHttp("a"); Git b = cloneOverHttp("b")) {
            RevCommit sneaked = commit(a, "v2");
            server.beforeReceive(name -> {
                server.beforeReceive(n -> { });
                try {
                    a.push().setRemote(bare.toUri().toString()).add("main").call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            commit(b, "v3");
            RemoteRefUpdate late = update(b, PASSWORD, false);
            assertThat(late.getStatus()).isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
            assertThat(late.getMessage()).isEqualTo("invalid old id sent");
            assertThat(remoteMain()).isEqualTo(sneaked.getId());
        }
    }
}
