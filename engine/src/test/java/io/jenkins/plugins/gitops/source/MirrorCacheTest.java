package io.jenkins.plugins.gitops.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorCacheTest {

    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path tmp;

    private GitServer server;
    private GitRepoBuilder repo;
    private MirrorCache cache;
    private String url;
    private String first;

    @BeforeEach
    void setUp() {
        server = GitServer.start().requireLogin("alice", PASSWORD);
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        first = repo.write("apps/web/deploy.yaml", "kind: ConfigMap\n").write("README.md", "hi\n").commit("first");
        repo.tag("v1");
        url = server.serve("apps", repo.gitDir());
        cache = new MirrorCache(tmp.resolve("cache"), line -> { });
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
    void clonesABranchOverHttpsWithBasicAuthAndReportsTheSha() throws Exception {
        Checkout co = cache.checkout(source("main"));

        assertThat(co.sha()).isEqualTo(first);
        assertThat(co.fetched()).isTrue();
        assertThat(co.treeId()).isPresent();
        assertThat(Files.readString(co.resolve("apps/web").resolve("deploy.yaml"))).isEqualTo("kind: ConfigMap\n");
    }

    @Test
    void resolvesHeadTagsAndAbbreviatedShas() {
        assertThat(cache.checkout(source("HEAD")).sha()).isEqualTo(first);
        assertThat(cache.checkout(source("")).sha()).isEqualTo(first);
        assertThat(cache.checkout(source("v1")).sha()).isEqualTo(first);
        assertThat(cache.checkout(source(first.substring(0, 10))).sha()).isEqualTo(first);
        assertThat(cache.checkout(source(first)).sha()).isEqualTo(first);
    }

    @Test
    void secondCheckoutOfAnUnchangedBranchDownloadsNoPack() {
        cache.checkout(source("main"));
        int packs = server.packRequests();
        int ads = server.advertisements();

        Checkout again = cache.checkout(source("main"));

        assertThat(again.sha()).isEqualTo(first);
        assertThat(server.advertisements()).as("a branch may have moved: refs are listed").isGreaterThan(ads);
        assertThat(server.packRequests()).as("nothing new: no pack requested").isEqualTo(packs);
    }

    @Test
    void aKnownShaIsServedWithoutAnyNetworkAccess() {
        cache.checkout(source("main"));
        int ads = server.advertisements();

        Checkout co = cache.checkout(source(first));

        assertThat(co.fetched()).isFalse();
        assertThat(server.advertisements()).isEqualTo(ads);
    }

    @Test
    void fetchesOnlyWhatIsNewAfterACommit() {
        cache.checkout(source("main"));
        String second = repo.write("apps/web/svc.yaml", "kind: Service\n").commit("second");

        Checkout co = cache.checkout(source("main"));

        assertThat(co.sha()).isEqualTo(second);
        assertThat(co.root().resolve("apps/web/svc.yaml")).exists();
        assertThat(cache.checkout(source(first)).root().resolve("apps/web/svc.yaml")).doesNotExist();
    }

    @Test
    void wrongPasswordIsAuthRefusedWithoutEchoingTheSecret() {
        String wrong = "wr0ng-Secret-value";
        GitSource bad = GitSource.of(url, "main").withCredentials(GitCredentials.usernamePassword("alice", wrong));

        assertThatThrownBy(() -> cache.checkout(bad))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED);
                    assertThat(e.getMessage()).startsWith(url).contains("authentication refused").contains("alice");
                    assertThat(stackTrace(e)).doesNotContain(wrong);
                });
        assertThat(server.refusedLogins()).isPositive();
    }

    @Test
    void missingCredentialsAreAuthRefused() {
        assertThatThrownBy(() -> cache.checkout(GitSource.of(url, "main")))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED));
    }

    @Test
    void credentialsInTheUrlAreMovedOutOfItAndNeverPrinted() {
        String withCreds = url.replace("http://", "http://alice:" + PASSWORD + "@");
        GitSource src = GitSource.of(withCreds, "main");

        assertThat(src.url()).isEqualTo(url);
        assertThat(src.toString()).doesNotContain(PASSWORD);
        assertThat(cache.checkout(src).sha()).isEqualTo(first);
    }

    @Test
    void credentialsNeverShowTheirSecretsInToString() {
        assertThat(GitCredentials.usernamePassword("bob", PASSWORD).toString()).contains("bob").doesNotContain(PASSWORD);
        assertThat(GitCredentials.token(PASSWORD).toString()).doesNotContain(PASSWORD);
        GitCredentials.SshKey key = new GitCredentials.SshKey("git", "-----BEGIN KEY-----" + PASSWORD,
                java.util.Optional.of(PASSWORD), java.util.Optional.empty(), true);
        assertThat(key.toString()).doesNotContain(PASSWORD).doesNotContain("BEGIN");
        assertThat(key.withoutHostKeyChecking().toString()).contains("strictHostKeyChecking=false");
    }

    @Test
    void unknownRevisionNamesTheRevisionAndTheBranchesThereAre() {
        assertThatThrownBy(() -> cache.checkout(source("no-such-branch")))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_REVISION);
                    assertThat(e.getMessage()).startsWith(url).contains("'no-such-branch'").contains("main").contains("v1");
                });
    }

    @Test
    void unreachableHostIsReportedAsSuch() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GitSource src = GitSource.of("http://127.0.0.1:" + closedPort + "/x.git", "main");

        assertThatThrownBy(() -> cache.checkout(src))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
                    assertThat(e.getMessage()).startsWith("http://127.0.0.1:" + closedPort).contains("cannot connect");
                });
    }

    @Test
    void pathsMustExistAndStayInTheRepository() {
        Checkout co = cache.checkout(source("main"));

        assertThat(co.resolve("apps/web")).isDirectory();
        assertThat(co.resolve("")).isEqualTo(co.root());
        assertThatThrownBy(() -> co.resolve("apps/nope")).isInstanceOfSatisfying(SourceException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.PATH_NOT_FOUND));
        assertThatThrownBy(() -> co.resolve("../cache")).isInstanceOfSatisfying(SourceException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPES));
        assertThatThrownBy(() -> co.resolve("/etc")).isInstanceOfSatisfying(SourceException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPES));
    }

    @Test
    void symlinksInsideTheRepositoryAreKept() throws Exception {
        repo.symlink("apps/alias", "web").commit("alias");

        Checkout co = cache.checkout(source("main"));

        assertThat(co.resolve("apps/alias").resolve("deploy.yaml")).exists();
    }

    @Test
    void aSymlinkLeavingTheRepositoryRefusesTheRevision() {
        repo.symlink("apps/etc", "../../../../../../../../etc").commit("escape");

        assertThatThrownBy(() -> cache.checkout(source("main")))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPES);
                    assertThat(e.getMessage()).contains("apps/etc").contains("outside the repository");
                });
        assertThat(cache.directory()).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".tmp"));
    }

    @Test
    void concurrentCheckoutsOfOneRepositoryTakeTurns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Checkout>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(pool.submit(() -> cache.checkout(source(futures.size() % 2 == 0 ? "main" : "v1"))));
            }
            for (Future<Checkout> f : futures) {
                assertThat(f.get().sha()).isEqualTo(first);
                assertThat(f.get().root().resolve("apps/web/deploy.yaml")).exists();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLocalGitRepositoryIsMirroredAndAPlainFolderUsedAsIs() throws Exception {
        Checkout viaGit = cache.checkout(GitSource.of(repo.workTree().toString(), "main"));
        assertThat(viaGit.sha()).isEqualTo(first);

        Path folder = Files.createDirectories(tmp.resolve("plain/app"));
        Checkout plain = cache.checkout(GitSource.of(folder.getParent().toString(), "ignored"));
        assertThat(plain.root()).isEqualTo(folder.getParent());
        assertThat(plain.treeId()).isEmpty();
    }

    @Test
    void anUnchangedLocalRepositoryIsServedWithoutAFetchAndANewCommitIsFetched() {
        String local = repo.workTree().toString();
        assertThat(cache.checkout(GitSource.of(local, "HEAD")).fetched()).isTrue();

        // resolved in the repository itself: HEAD, a branch, a tag, an abbreviated SHA
        for (String revision : List.of("HEAD", "main", "v1", first.substring(0, 10))) {
            Checkout again = cache.checkout(GitSource.of(local, revision));
            assertThat(again.fetched()).as(revision).isFalse();
            assertThat(again.sha()).as(revision).isEqualTo(first);
        }

        String second = repo.write("apps/web/deploy.yaml", "kind: Secret\n").commit("second");
        Checkout moved = cache.checkout(GitSource.of(local, "main"));
        assertThat(moved.fetched()).isTrue();
        assertThat(moved.sha()).isEqualTo(second);
        assertThat(cache.checkout(GitSource.of(local, "HEAD")).sha()).isEqualTo(second);
        assertThat(cache.checkout(GitSource.of(local, "v1")).sha()).isEqualTo(first);

        // a revision the repository does not have still fails as before, naming what it has
        assertThatThrownBy(() -> cache.checkout(GitSource.of(local, "nope")))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_REVISION))
                .hasMessageContaining("nope");
    }

    @Test
    void cacheKeysAreOnePerRepositoryWhateverTheSpelling() {
        assertThat(MirrorCache.key("https://GitHub.com/a/b.git/")).isEqualTo(MirrorCache.key("https://github.com/a/b"));
        assertThat(MirrorCache.key("https://github.com/a/b")).isNotEqualTo(MirrorCache.key("https://github.com/a/c")).endsWith("-b");
    }

    private static String stackTrace(Throwable e) {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
