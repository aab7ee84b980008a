package io.jenkins.plugins.gitops.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shallow (depth 1) checkouts against a repository with a long history: 300 commits, each one
 * growing one file, so a full fetch carries 300 versions of it and a shallow one a single version.
 */
class ShallowFetchTest {

    private static final int COMMITS = 300;

    @TempDir
    static Path tmp;

    private static GitServer server;
    private static GitRepoBuilder repo;
    private static String url;
    private static String tip;
    private static String middle;
    private static String tagged;
    private static Path caches;
    private static int cacheCount;
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void buildLongHistory() {
        server = GitServer.start();
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        StringBuilder data = new StringBuilder();
        repo.write("apps/web/kustomization.yaml", "resources: [cm.yaml]\n");
        for (int i = 1; i <= COMMITS; i++) {
            data.append("line ").append(i).append(": ").append("x".repeat(100)).append(" ").append(Integer.toHexString(i * 7919)).append('\n');
            repo.write("apps/web/cm.yaml", "kind: ConfigMap\ndata:\n  history: |\n" + data.toString().indent(4));
            String sha = repo.commit("commit " + i);
            if (i == COMMITS / 2) {
                middle = sha;
            }
            if (i == COMMITS - 10) {
                tagged = sha;
                repo.tag("v1");
            }
            tip = sha;
        }
        url = server.serve("long", repo.gitDir());
        caches = tmp.resolve("caches");
    }

    @AfterAll
    static void tearDown() {
        repo.close();
        server.close();
    }

    @BeforeEach
    void resetPolicy() {
        server.allowShaInWant(true);
        log.clear();
    }

    private MirrorCache freshCache() {
        return new MirrorCache(caches.resolve("c" + cacheCount++), log::add);
    }

    private record Transfer(Checkout checkout, long objects, long bytes, long millis) {
    }

    private Transfer measure(MirrorCache cache, GitSource source) {
        long objects = server.objectsSent();
        long bytes = server.bytesSent();
        long start = System.nanoTime();
        Checkout co = cache.checkout(source);
        return new Transfer(co, server.objectsSent() - objects, server.bytesSent() - bytes, (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void shallowBranchFetchTransfersFarLessThanAFullFetchAndChecksOutTheSameTree() throws Exception {
        Transfer full = measure(freshCache(), GitSource.of(url, "main"));
        Transfer shallow = measure(freshCache(), GitSource.of(url, "main").withShallow(true));

        System.out.printf("shallow vs full fetch of a %d-commit repository (one file growing each commit):%n", COMMITS);
        System.out.printf("  full:    %5d objects, %9d bytes, %5d ms%n", full.objects(), full.bytes(), full.millis());
        System.out.printf("  shallow: %5d objects, %9d bytes, %5d ms%n", shallow.objects(), shallow.bytes(), shallow.millis());

        assertThat(shallow.objects()).isLessThan(full.objects() / 50);
        assertThat(shallow.bytes()).isLessThan(full.bytes());
        assertThat(shallow.checkout().sha()).isEqualTo(full.checkout().sha()).isEqualTo(tip);
        assertThat(shallow.checkout().treeId()).isEqualTo(full.checkout().treeId());
        assertThat(Files.readString(shallow.checkout().resolve("apps/web/cm.yaml")))
                .isEqualTo(Files.readString(full.checkout().resolve("apps/web/cm.yaml")));
        assertThat(log).isEmpty();
    }

    @Test
    void shallowHeadTagAndTipShaResolveLikeAFullFetch() {
        MirrorCache full = freshCache();
        MirrorCache shallow = freshCache();
        for (String rev : List.of("HEAD", "v1", "refs/heads/main", tip)) {
            Checkout a = full.checkout(GitSource.of(url, rev));
            Checkout b = shallow.checkout(GitSource.of(url, rev).withShallow(true));
            assertThat(b.sha()).as(rev).isEqualTo(a.sha());
            assertThat(b.treeId()).as(rev).isEqualTo(a.treeId());
        }
        assertThat(shallow.checkout(GitSource.of(url, "v1").withShallow(true)).sha()).isEqualTo(tagged);
        assertThat(log).isEmpty();
    }

    @Test
    void anOldCommitByShaIsFetchedAtDepthOneWhenTheServerAllowsReachableShas() {
        Transfer shallow = measure(freshCache(), GitSource.of(url, middle).withShallow(true));

        assertThat(shallow.checkout().sha()).isEqualTo(middle);
        assertThat(shallow.objects()).isLessThan(10);
        assertThat(log).isEmpty();
    }

    @Test
    void aServerRefusingShaWantsMakesAFullFetchWithALogLine() {
        server.allowShaInWant(false);
        MirrorCache cache = freshCache();

        Transfer t = measure(cache, GitSource.of(url, middle).withShallow(true));

        assertThat(t.checkout().sha()).isEqualTo(middle);
        assertThat(t.objects()).as("full history").isGreaterThan(COMMITS);
        assertThat(log).singleElement().asString()
                .contains(url).contains(middle).contains("did not hand out commit").contains("fetching the full history instead");
        assertThat(cache.directory()).isDirectoryRecursivelyContaining("glob:**/mirror.git");
    }

    @Test
    void anAbbreviatedShaNeedsHistoryAndSaysSo() {
        Checkout co = freshCache().checkout(GitSource.of(url, middle.substring(0, 10)).withShallow(true));

        assertThat(co.sha()).isEqualTo(middle);
        assertThat(log).singleElement().asString().contains("abbreviated SHA").contains("fetching the full history instead");
    }

    @Test
    void aShaTheFullMirrorHasIsServedWithoutNetworkInShallowMode() {
        MirrorCache cache = freshCache();
        cache.checkout(GitSource.of(url, "main"));
        int ads = server.advertisements();
        int packs = server.packRequests();

        Checkout co = cache.checkout(GitSource.of(url, middle).withShallow(true));

        assertThat(co.sha()).isEqualTo(middle);
        assertThat(co.fetched()).isFalse();
        assertThat(server.advertisements()).isEqualTo(ads);
        assertThat(server.packRequests()).isEqualTo(packs);
    }

    @Test
    void aNewCommitOnTheBranchIsFetchedShallowlyIntoTheSameShallowMirror() {
        MirrorCache cache = freshCache();
        cache.checkout(GitSource.of(url, "main").withShallow(true));
        repo.branch("feature");
        String feature = repo.write("apps/web/extra.yaml", "kind: Service\n").commit("feature work");
        repo.branch("main");

        Transfer t = measure(cache, GitSource.of(url, "feature").withShallow(true));

        assertThat(t.checkout().sha()).isEqualTo(feature);
        assertThat(t.checkout().resolve("apps/web/extra.yaml")).exists();
        assertThat(t.objects()).isLessThan(10);
    }

    @Test
    void anUnknownBranchIsAnErrorWithoutAFullFetch() {
        long objects = server.objectsSent();

        assertThatThrownBy(() -> freshCache().checkout(GitSource.of(url, "no-such-branch").withShallow(true)))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_REVISION);
                    assertThat(e.getMessage()).startsWith(url).contains("'no-such-branch'").contains("main").contains("v1");
                });
        assertThat(server.objectsSent()).isEqualTo(objects);
    }
}
