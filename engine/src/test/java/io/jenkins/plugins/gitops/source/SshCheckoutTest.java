package io.jenkins.plugins.gitops.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.SshGitServer;
import io.jenkins.plugins.gitops.testkit.git.SshIdentity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkouts over SSH from a real SSH server ({@link SshGitServer}), with real keys and host key checking. */
class SshCheckoutTest {

    @TempDir
    static Path tmp;

    private static SshGitServer server;
    private static GitRepoBuilder repo;
    private static SshIdentity rsa;
    private static SshIdentity ecdsa;
    private static SshIdentity rsaWithPassphrase;
    private static String url;
    private static String head;
    private static Path knownHosts;
    private static int caches;

    @BeforeAll
    static void start() throws Exception {
        rsa = SshIdentity.rsa();
        ecdsa = SshIdentity.ecdsa();
        rsaWithPassphrase = SshIdentity.generate("rsa", Optional.of("open-Sesame-42"));
        server = SshGitServer.start().authorize(rsa.publicKey()).authorize(ecdsa.publicKey()).authorize(rsaWithPassphrase.publicKey());
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        head = repo.write("apps/web/cm.yaml", "kind: ConfigMap\n").commit("first");
        url = server.serve("apps", repo.gitDir());
        knownHosts = Files.writeString(tmp.resolve("known_hosts"), server.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stop() {
        repo.close();
        server.close();
    }

    private static MirrorCache cache() {
        return new MirrorCache(tmp.resolve("cache" + caches++), line -> { });
    }

    private static GitCredentials.SshKey key(SshIdentity id) {
        return new GitCredentials.SshKey("git", id.privateKey(), id.passphrase(), Optional.of(knownHosts), true);
    }

    @Test
    void checksOutWithAnAuthorizedRsaKeyAndAKnownHost() throws Exception {
        Checkout co = cache().checkout(GitSource.of(url, "main").withCredentials(key(rsa)));

        assertThat(co.sha()).isEqualTo(head);
        assertThat(Files.readString(co.resolve("apps/web/cm.yaml"))).isEqualTo("kind: ConfigMap\n");
    }

    @Test
    void checksOutWithAnAuthorizedEcdsaKey() {
        assertThat(cache().checkout(GitSource.of(url, "main").withCredentials(key(ecdsa))).sha()).isEqualTo(head);
    }

    @Test
    void checksOutWithAnEd25519Key() {
        SshIdentity ed25519 = SshIdentity.ed25519();
        server.authorize(ed25519.publicKey());

        assertThat(cache().checkout(GitSource.of(url, "main").withCredentials(key(ed25519))).sha()).isEqualTo(head);
    }

    @Test
    void checksOutWithAPassphraseProtectedRsaKey() {
        assertThat(rsaWithPassphrase.privateKey()).contains("OPENSSH PRIVATE KEY");

        Checkout co = cache().checkout(GitSource.of(url, "main").withCredentials(key(rsaWithPassphrase)));

        assertThat(co.sha()).isEqualTo(head);
    }

    @Test
    void fetchesAgainOverSshAndShallowWorksToo() {
        MirrorCache cache = cache();
        GitSource source = GitSource.of(url, "main").withCredentials(key(rsa));
        cache.checkout(source);
        int uploads = server.uploads();

        assertThat(cache.checkout(source).sha()).isEqualTo(head);
        assertThat(server.uploads()).isGreaterThan(uploads);
        assertThat(cache().checkout(source.withShallow(true)).sha()).isEqualTo(head);
    }

    @Test
    void aKeyTheServerDoesNotKnowIsAuthRefusedWithoutKeyMaterial() {
        SshIdentity stranger = SshIdentity.rsa();
        int refused = server.refusedKeys();

        assertThatThrownBy(() -> cache().checkout(GitSource.of(url, "main").withCredentials(key(stranger))))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED);
                    assertThat(e.getMessage()).startsWith(url).contains("authentication refused").contains("ssh key for git");
                    String trace = stackTrace(e);
                    stranger.privateKey().lines().filter(l -> !l.startsWith("-----")).forEach(line -> assertThat(trace).doesNotContain(line));
                    assertThat(trace).doesNotContain("PRIVATE KEY");
                });
        assertThat(server.refusedKeys()).isGreaterThan(refused);
    }

    @Test
    void aWrongPassphraseIsRefusedWithoutEchoingIt() {
        GitCredentials.SshKey wrong = new GitCredentials.SshKey("git", rsaWithPassphrase.privateKey(), Optional.of("not-the-Passphrase"),
                Optional.of(knownHosts), true);

        assertThatThrownBy(() -> cache().checkout(GitSource.of(url, "main").withCredentials(wrong)))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED);
                    assertThat(stackTrace(e)).doesNotContain("not-the-Passphrase").doesNotContain("open-Sesame-42");
                });
    }

    @Test
    void anUnknownHostKeyWithStrictCheckingNamesTheHostAndHowToRelax() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty_known_hosts"), "");
        GitCredentials.SshKey strict = key(rsa).withKnownHosts(empty);

        assertThatThrownBy(() -> cache().checkout(GitSource.of(url, "main").withCredentials(strict)))
                .satisfies(e -> System.out.println("unknown host key: " + e.getMessage()))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED);
                    assertThat(e.getMessage()).startsWith(url)
                            .contains("host key").contains("[127.0.0.1]:" + server.port())
                            .contains(empty.toString()).contains("strict host key checking");
                });
        assertThat(Files.readString(empty)).as("nothing was added to known_hosts").isEmpty();
    }

    @Test
    void aChangedHostKeyIsRefusedEvenIfTheHostIsListed() throws Exception {
        String otherKey = SshIdentity.ecdsa().publicKeyLine();
        Path wrong = Files.writeString(tmp.resolve("wrong_known_hosts"), "[127.0.0.1]:" + server.port() + " " + otherKey + "\n");

        assertThatThrownBy(() -> cache().checkout(GitSource.of(url, "main").withCredentials(key(rsa).withKnownHosts(wrong))))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED);
                    assertThat(e.getMessage()).contains("host key");
                });
    }

    @Test
    void relaxedHostKeyCheckingAcceptsAnUnknownHost() throws Exception {
        Path empty = Files.writeString(tmp.resolve("relaxed_known_hosts"), "");
        GitCredentials.SshKey relaxed = key(rsa).withKnownHosts(empty).withoutHostKeyChecking();

        assertThat(cache().checkout(GitSource.of(url, "main").withCredentials(relaxed)).sha()).isEqualTo(head);
    }

    @Test
    void anUnknownRepositoryOnTheServerIsReportedAsSuch() {
        String missing = url.replace("/apps.git", "/nope.git");

        assertThatThrownBy(() -> cache().checkout(GitSource.of(missing, "main").withCredentials(key(rsa))))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.getMessage()).startsWith(missing));
    }

    private static String stackTrace(Throwable e) {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
