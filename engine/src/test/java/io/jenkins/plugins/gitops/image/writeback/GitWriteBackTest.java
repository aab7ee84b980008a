package io.jenkins.plugins.gitops.image.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.edit.Desired;
import io.jenkins.plugins.gitops.image.edit.FileEditor;
import io.jenkins.plugins.gitops.image.edit.HelmValuesTarget;
import io.jenkins.plugins.gitops.image.edit.KeyPath;
import io.jenkins.plugins.gitops.image.edit.KustomizationTarget;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.RegistryCredentials;
import io.jenkins.plugins.gitops.source.GitCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitWriteBackTest {

    @TempDir
    Path tmp;
    Path bare;
    String url;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    static final String KUSTOMIZATION = "# overlay\nresources: [deploy.yaml]\nimages:\n- name: nginx # web\n  newTag: \"1.0.0\"\n";

    @BeforeEach
    void seed() throws Exception {
        bare = tmp.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path seed = tmp.resolve("seed");
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(seed.resolve("app"));
            StringBuilder k = new StringBuilder(KUSTOMIZATION);
            for (int i = 0; i < 10; i++) {
                k.append("- name: svc").append(i).append("\n  newTag: v0\n");
            }
            Files.writeString(seed.resolve("app/kustomization.yaml"), k.toString().replace("\n", "\r\n"));
            Files.writeString(seed.resolve("values.yaml"), "image:\n  repository: redis\n  tag: '7.0'   # redis\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("seed", "seed@example.com").setCommitter("seed", "seed@example.com").call();
            git.push().setRemote(bare.toUri().toString()).add("HEAD:refs/heads/main").call();
        }
        url = bare.toUri().toString();
    }

    private String remoteFile(String branch, String path) throws IOException {
        try (Repository repo = Git.open(bare.toFile()).getRepository(); var walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
            RevCommit c = walk.parseCommit(repo.resolve("refs/heads/" + branch));
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                return new String(repo.open(tw.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    private ObjectId remoteHead(String branch) throws IOException {
        try (Repository repo = Git.open(bare.toFile()).getRepository()) {
            return repo.resolve("refs/heads/" + branch);
        }
    }

    private WriteBackResult update(GitWriteOptions o, List<FileEditor.Assignment> a) {
        return new GitWriteBack(log::add).run(o, root -> FileEditor.plan(root, a), Map.of("app", "web", "buildUrl", "https://ci/job/1/"));
    }

    private static FileEditor.Assignment kustomize(String image) {
        return new FileEditor.Assignment(new KustomizationTarget("app"), new Desired.Image(ImageReference.parse(image), null));
    }

    @Test
    void commitsOnlyTheChangedValueAndPushes() throws Exception {
        String before = remoteFile("main", "app/kustomization.yaml");
        WriteBackResult r = update(GitWriteOptions.of(url, "main"), List.of(kustomize("nginx:1.1.0")));
        assertThat(r.pushed()).isTrue();
        assertThat(r.commit()).isEqualTo(remoteHead("main").name());
        assertThat(r.changes()).containsExactly(new ValueChange("nginx", "app/kustomization.yaml", 5, "images[0].newTag", "1.0.0", "1.1.0"));
        assertThat(remoteFile("main", "app/kustomization.yaml")).isEqualTo(before.replace("\"1.0.0\"", "\"1.1.0\""));
        try (Git git = Git.open(bare.toFile())) {
            RevCommit head = git.log().setMaxCount(1).call().iterator().next();
            assertThat(head.getFullMessage()).isEqualTo("web: update nginx 1.0.0 -> 1.1.0\n\n"
                    + "- app/kustomization.yaml:5 images[0].newTag: 1.0.0 -> 1.1.0\n\nBuild: https://ci/job/1/\n");
            assertThat(head.getAuthorIdent().getName()).isEqualTo(GitIdentity.DEFAULT.name());
        }
    }

    @Test
    void nothingToChangeMakesNoCommitAndSaysSo() throws Exception {
        ObjectId before = remoteHead("main");
        WriteBackResult r = update(GitWriteOptions.of(url, "main"), List.of(kustomize("nginx:1.0.0")));
        assertThat(r.commit()).isNull();
        assertThat(r.pushed()).isFalse();
        assertThat(r.summary()).startsWith("nothing to change").endsWith("no commit made");
        assertThat(remoteHead("main")).isEqualTo(before);
    }

    @Test
    void severalImagesMakeOneCommitWithConfiguredIdentity() throws Exception {
        ObjectId before = remoteHead("main");
        GitWriteOptions o = GitWriteOptions.of(url, "main").withAuthor(new GitIdentity("CI", "ci@example.com"), new GitIdentity("Bot", "bot@example.com"))
                .withMessageTemplate("{app}: {images} ({buildUrl})");
        WriteBackResult r = update(o, List.of(kustomize("nginx:2.0.0"),
                new FileEditor.Assignment(new HelmValuesTarget("values.yaml", KeyPath.parse("image.tag"), null),
                        new Desired.Image(ImageReference.parse("redis:7.2"), null))));
        assertThat(r.changes()).hasSize(2);
        try (Git git = Git.open(bare.toFile())) {
            RevCommit head = git.log().setMaxCount(1).call().iterator().next();
            assertThat(head.getParent(0).getId()).isEqualTo(before);
            assertThat(head.getFullMessage()).isEqualTo("web: nginx 1.0.0 -> 2.0.0, redis 7.0 -> 7.2 (https://ci/job/1/)\n");
            assertThat(head.getAuthorIdent().getEmailAddress()).isEqualTo("ci@example.com");
            assertThat(head.getCommitterIdent().getEmailAddress()).isEqualTo("bot@example.com");
        }
        assertThat(remoteFile("main", "values.yaml")).isEqualTo("image:\n  repository: redis\n  tag: '7.2'   # redis\n");
    }

    @Test
    void writeBranchLeavesTheBaseBranchAlone() throws Exception {
        ObjectId main = remoteHead("main");
        WriteBackResult first = update(GitWriteOptions.of(url, "main").withWriteBranch("image-updates"), List.of(kustomize("nginx:1.2.0")));
        assertThat(first.branch()).isEqualTo("image-updates");
        assertThat(remoteHead("main")).isEqualTo(main);
        // The second run builds on the existing write branch instead of being rejected as non-fast-forward.
        WriteBackResult second = update(GitWriteOptions.of(url, "main").withWriteBranch("image-updates"), List.of(kustomize("nginx:1.3.0")));
        assertThat(second.pushed()).isTrue();
        assertThat(remoteFile("image-updates", "app/kustomization.yaml")).contains("newTag: \"1.3.0\"");
    }

    @Test
    void badTargetFailsBeforeAnyCommit() throws Exception {
        ObjectId before = remoteHead("main");
        assertThatThrownBy(() -> update(GitWriteOptions.of(url, "main"), List.of(kustomize("nginx:9.0.0"),
                new FileEditor.Assignment(new HelmValuesTarget("values.yaml", KeyPath.parse("image.missing"), null),
                        new Desired.Image(ImageReference.parse("redis:8"), null)))))
                .isInstanceOf(ImageUpdateException.class).isInstanceOf(GitopsException.class)
                .hasMessage("values.yaml: key path image.missing does not exist");
        assertThat(remoteHead("main")).isEqualTo(before);
    }

    @Test
    void tenRacingUpdatesFromSeparateClonesAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<WriteBackResult>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String image = "svc" + i + ":v1";
                Callable<WriteBackResult> task = () -> update(GitWriteOptions.of(url, "main").withMaxAttempts(12), List.of(kustomize(image)));
                futures.add(pool.submit(task));
            }
            int attempts = 0;
            for (Future<WriteBackResult> f : futures) {
                WriteBackResult r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.pushed()).isTrue();
                attempts += r.attempts();
            }
            String k = remoteFile("main", "app/kustomization.yaml");
            for (int i = 0; i < 10; i++) {
                assertThat(k).contains("- name: svc" + i + "\r\n  newTag: v1\r\n");
            }
            try (Git git = Git.open(bare.toFile())) {
                int commits = 0;
                for (RevCommit ignored : git.log().call()) {
                    commits++;
                }
                assertThat(commits).isEqualTo(11);
            }
            log.add("race: 10 updates landed with " + attempts + " push attempts in total");
            System.out.println("race: 10 updates landed with " + attempts + " push attempts in total");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secretsNeverAppearInErrorsLogsOrToString() {
        String secret = "s3cr3t-Pa55w0rd";
        GitCredentials c = GitCredentials.usernamePassword("ci", secret);
        assertThat(c.toString()).doesNotContain(secret);
        assertThat(new RegistryCredentials("ci", secret).toString()).doesNotContain(secret);
        GitWriteOptions o = GitWriteOptions.of("http://127.0.0.1:9/repo.git", "main").withCredentials(c);
        assertThat(o.toString()).doesNotContain(secret);
        assertThatThrownBy(() -> update(o, List.of(kustomize("nginx:1.1.0"))))
                .isInstanceOf(ImageUpdateException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith("http://127.0.0.1:9/repo.git").doesNotContain(secret);
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                    }
                });
        assertThat(String.join("\n", log)).doesNotContain(secret);
        assertThatThrownBy(() -> GitWriteOptions.of("https://ci:" + secret + "@example.com/r.git", "main"))
                .hasMessage("repository URL contains a password; pass credentials separately");
    }

    @Test
    void sshKeyCredentialsAreUsedAndNeverLeakTheKeyOrPassphrase() {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        String passphrase = "pa55phrase-secret";
        GitCredentials ssh = new GitCredentials.SshKey("git", key, java.util.Optional.of(passphrase), java.util.Optional.empty(), true);
        GitWriteOptions o = GitWriteOptions.of("ssh://git@127.0.0.1:9/repo.git", "main").withCredentials(ssh);
        assertThat(o.toString()).doesNotContain(passphrase).doesNotContain("BEGIN");
        assertThatThrownBy(() -> update(o, List.of(kustomize("nginx:1.1.0"))))
                .isInstanceOf(ImageUpdateException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith("ssh://127.0.0.1:9/repo.git (branch main): cannot connect to the Git server");
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(passphrase).doesNotContain("b3BlbnNzaC1rZXkt");
                    }
                });
        assertThat(String.join("\n", log)).doesNotContain(passphrase);
    }
}
