package io.jenkins.plugins.gitops.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.testkit.git.SshIdentity;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCredentialsTest {

    @TempDir
    Path tmp;

    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "QyNTUxOQAAACBrZXlib2R5LWxpbmUtdHdvLWZvci10ZXN0cy1vbmx5AAAAAAAAAAAAAAAA\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";

    @Test
    void redactReplacesThePasswordOrToken() {
        assertThat(GitCredentials.usernamePassword("ci", "hunter22").redact("ci:hunter22 refused; hunter22 again"))
                .isEqualTo("ci:**** refused; **** again");
        assertThat(GitCredentials.token("ghp_abc123").redact("token ghp_abc123")).isEqualTo("token ****");
        assertThat(GitCredentials.usernamePassword("ci", "").redact("nothing to hide")).isEqualTo("nothing to hide");
    }

    @Test
    void redactReplacesTheKeyItsLinesAndThePassphrase() {
        GitCredentials key = new GitCredentials.SshKey("git", KEY, Optional.of("open-sesame"), Optional.empty(), true);
        assertThat(key.redact("key: " + KEY + " / " + KEY.strip() + " passphrase open-sesame"))
                .isEqualTo("key: **** / **** passphrase ****");
        String oneLine = KEY.lines().skip(2).findFirst().orElseThrow();
        assertThat(key.redact("bad line " + oneLine)).isEqualTo("bad line ****");
        assertThat(key.redact("-----BEGIN OPENSSH PRIVATE KEY----- is a header")).contains("BEGIN OPENSSH");
    }

    @Test
    void redactLeavesNullAndAnonymousTextAlone() {
        assertThat(GitCredentials.none().redact("http://host/r.git: not found")).isEqualTo("http://host/r.git: not found");
        assertThat(GitCredentials.usernamePassword("a", "b").redact(null)).isNull();
    }

    @Test
    void gitAuthRedactsUrlsAndSecretsAndTakesNullForNone() throws Exception {
        try (GitAuth auth = new GitAuth(GitCredentials.usernamePassword("ci", "hunter22"), line -> { })) {
            assertThat(auth.redact("https://ci:hunter22@git.example.com/r.git: hunter22"))
                    .isEqualTo("https://git.example.com/r.git: ****");
        }
        try (GitAuth auth = new GitAuth(null, line -> { }); Git git = Git.init().setDirectory(tmp.toFile()).call()) {
            assertThat(auth.credentials()).isEqualTo(GitCredentials.none());
            LsRemoteCommand ls = git.lsRemote();
            assertThat(auth.apply(ls)).isSameAs(ls);
        }
    }

    @Test
    void oneGitAuthServesSeveralCommandsAndCanBeClosedTwice() throws Exception {
        // A real key: an Ed25519 one (like KEY) is refused up front while no EdDSA provider is present.
        GitCredentials key = GitCredentials.SshKey.of("git", SshIdentity.rsa().privateKey()).withoutHostKeyChecking();
        GitAuth auth = new GitAuth(key, line -> { });
        try (Git git = Git.init().setDirectory(tmp.toFile()).call()) {
            auth.apply(git.lsRemote());
            auth.apply(git.fetch());
            auth.apply(git.push());
        } finally {
            auth.close();
            auth.close();
        }
    }
}
