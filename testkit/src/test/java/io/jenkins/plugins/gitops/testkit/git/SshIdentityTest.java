package io.jenkins.plugins.gitops.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated keys are what OpenSSH itself reads: {@code ssh-keygen -y} derives the same public key. */
class SshIdentityTest {

    @TempDir
    Path tmp;

    @Test
    void opensshReadsEveryKindOfGeneratedKey() throws Exception {
        assumeTrue(onPath("ssh-keygen"), "skipped: ssh-keygen is not on PATH");
        for (SshIdentity id : List.of(SshIdentity.ed25519(), SshIdentity.ecdsa(), SshIdentity.rsa(),
                SshIdentity.generate("rsa", Optional.of("pass-Phrase-1")))) {
            Path file = tmp.resolve("key-" + id.type() + id.passphrase().isPresent());
            Files.writeString(file, id.privateKey());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-y", "-f", file.toString()));
            id.passphrase().ifPresent(p -> cmd.addAll(List.of("-P", p)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out.strip()).as(id.toString()).startsWith(id.publicKeyLine());
        }
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        SshIdentity id = SshIdentity.generate("rsa", Optional.of("pass-Phrase-1"));
        assertThat(id.toString()).isEqualTo("SshIdentity[rsa, encrypted]").doesNotContain("pass-Phrase-1");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
