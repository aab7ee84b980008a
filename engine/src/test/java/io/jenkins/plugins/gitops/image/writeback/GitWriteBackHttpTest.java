package io.jenkins.plugins.gitops.image.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.edit.Desired;
import io.jenkins.plugins.gitops.image.edit.FileEditor;
import io.jenkins.plugins.gitops.image.edit.KustomizationTarget;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-back against a real smart-HTTP Git server that requires a login, as hosted servers do. */
class GitWriteBackHttpTest {

    private static final String SECRET = "Wr1te-Back-s3cret";
    private static final String KUSTOMIZATION = "images:\n- name: svc0\n  newTag: v0\n- name: svc1\n  newTag: v0\n";

    @TempDir
    Path tmp;
    Path bare;
    GitServer server;
    String url;
    String seed;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        bare = tmp.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path work = tmp.resolve("seed");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(work.resolve("app"));
            Files.writeString(work.resolve("app/kustomization.yaml"), KUSTOMIZATION);
            git.add().addFilepattern(".").call();
            seed = git.commit().setMessage("seed").setAuthor("s", "s@example.com").setCommitter("s", "s@example.com").setSign(false).call().name();
            git.push().setRemote(bare.toUri().toString()).add("HEAD:refs/heads/main").call();
        }
        server = GitServer.start().requireLogin("ci", SECRET);
        url = server.serve("gitops", bare);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private GitWriteOptions options(GitCredentials credentials) {
        return GitWriteOptions.of(url, "main").withCredentials(credentials);
    }

    private WriteBackResult update(GitWriteOptions o, String image) {
        return update(o, root -> FileEditor.plan(root, List.of(assignment(image))));
    }

    private WriteBackResult update(GitWriteOptions o, java.util.function.Function<Path, List<FileEditor.FileChange>> plan) {
        return new GitWriteBack(log::add).run(o, plan, Map.of("app", "web"));
    }

    private static FileEditor.Assignment assignment(String image) {
        return new FileEditor.Assignment(new KustomizationTarget("app"), new Desired.Image(ImageReference.parse(image), null));
    }

    private ObjectId remoteMain() throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
            return repo.resolve("refs/heads/main");
        }
    }

    private String remoteKustomization() throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build(); RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(repo.resolve("refs/heads/main"));
            try (TreeWalk tw = TreeWalk.forPath(repo, "app/kustomization.yaml", c.getTree())) {
                return new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void pushesWithTheRightLogin() throws Exception {
        WriteBackResult r = update(options(GitCredentials.usernamePassword("ci", SECRET)), "svc0:v1");

        assertThat(r.pushed()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.commit()).isEqualTo(remoteMain().name());
        assertThat(remoteKustomization()).isEqualTo(KUSTOMIZATION.replaceFirst("newTag: v0", "newTag: v1"));
        assertThat(server.pushes()).isEqualTo(1);
    }

    @Test
    void pushesWithAToken() throws Exception {
        server.requireLogin("x-access-token", SECRET);

        WriteBackResult r = update(options(GitCredentials.token(SECRET)), "svc1:v2");

        assertThat(r.pushed()).isTrue();
        assertThat(remoteKustomization()).contains("- name: svc1\n  newTag: v2\n");
    }

    @Test
    void wrongPasswordIsRefusedClearlyWithoutTheSecretAndTheRepositoryIsUntouched() throws Exception {
        String wrong = "not-the-" + SECRET;
        GitWriteOptions o = options(GitCredentials.usernamePassword("ci", wrong));

        assertThatThrownBy(() -> update(o, "svc0:v1"))
                .isInstanceOfSatisfying(ImageUpdateException.class, e -> {
                    assertThat(e.getMessage()).startsWith(url + " (branch main): authentication refused for GitCredentials[username=ci")
                            .contains("check the credentials").doesNotContain(wrong);
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain(wrong);
                });
        assertThat(String.join("\n", log)).doesNotContain(wrong);
        assertThat(server.refusedLogins()).isPositive();
        assertThat(server.pushes()).isZero();
        assertThat(remoteMain().name()).isEqualTo(seed);
    }

    @Test
    void nonFastForwardAcrossTwoClonesIsRetriedOnTheNewHead() throws Exception {
        GitWriteOptions o = options(GitCredentials.usernamePassword("ci", SECRET));
        AtomicBoolean otherRan = new AtomicBoolean();
        List<WriteBackResult> other = new ArrayList<>();
        // While the first run has its clone and plans, a second run (its own clone) pushes to the same branch.
        WriteBackResult first = update(o, root -> {
            if (otherRan.compareAndSet(false, true)) {
                other.add(update(o, "svc1:v5"));
            }
            return FileEditor.plan(root, List.of(assignment("svc0:v4")));
        });

        assertThat(other).singleElement().satisfies(r -> assertThat(r.attempts()).isEqualTo(1));
        assertThat(first.pushed()).isTrue();
        assertThat(first.attempts()).isEqualTo(2);
        assertThat(log).anyMatch(l -> l.startsWith("push to main rejected (REJECTED_NONFASTFORWARD), attempt 1 of 5"));
        assertThat(remoteKustomization()).isEqualTo("images:\n- name: svc0\n  newTag: v4\n- name: svc1\n  newTag: v5\n");
        assertThat(first.commit()).isEqualTo(remoteMain().name());
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build(); RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(remoteMain());
            assertThat(head.getParent(0).name()).isEqualTo(other.get(0).commit());
        }
    }

    @Test
    void aBranchMovedBetweenRefListingAndPackIsRetried() throws Exception {
        Path sneak = tmp.resolve("sneak");
        String moved;
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(sneak.toFile()).call()) {
            Files.writeString(sneak.resolve("README.md"), "moved\n");
            git.add().addFilepattern("README.md").call();
            moved = git.commit().setMessage("moved").setAuthor("s", "s@example.com").setCommitter("s", "s@example.com").setSign(false)
                    .call().name();
        }
        server.beforeReceive(name -> {
            server.beforeReceive(n -> { });
            try (Git git = Git.open(sneak.toFile())) {
                git.push().setRemote(bare.toUri().toString()).add("main").call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        WriteBackResult r = update(options(GitCredentials.usernamePassword("ci", SECRET)), "svc0:v7");

        assertThat(r.pushed()).isTrue();
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(log).anyMatch(l -> l.startsWith("push to main rejected (REJECTED_OTHER_REASON), attempt 1 of 5"));
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build(); RevWalk walk = new RevWalk(repo)) {
            assertThat(walk.parseCommit(remoteMain()).getParent(0).name()).isEqualTo(moved);
        }
        assertThat(remoteKustomization()).contains("- name: svc0\n  newTag: v7\n");
    }
}
