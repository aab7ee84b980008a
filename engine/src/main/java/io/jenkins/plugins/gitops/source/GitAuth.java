package io.jenkins.plugins.gitops.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Applies {@link GitCredentials} to a JGit transport command. SSH keys are written to a private
 * temporary directory (owner-only permissions) for the duration of one command, because Apache
 * MINA's key loading works on files; {@link #close()} deletes it.
 */
final class GitAuth implements AutoCloseable {

    private final GitCredentials credentials;
    private Path sshDir;
    private SshdSessionFactory sshFactory;

    GitAuth(GitCredentials credentials) {
        this.credentials = credentials;
    }

    <C extends TransportCommand<C, ?>> C apply(C command) {
        if (credentials instanceof GitCredentials.UsernamePassword up) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(up.username(), up.password()));
        } else if (credentials instanceof GitCredentials.SshKey key) {
            SshdSessionFactory factory = sshFactory(key);
            command.setTransportConfigCallback(t -> {
                if (t instanceof SshTransport ssh) {
                    ssh.setSshSessionFactory(factory);
                }
            });
            key.passphrase().ifPresent(p -> command.setCredentialsProvider(new PassphraseProvider(p)));
        }
        return command;
    }

    private SshdSessionFactory sshFactory(GitCredentials.SshKey key) {
        try {
            sshDir = Files.createTempDirectory("gitops-ssh-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path keyFile = sshDir.resolve("id_key");
            Files.writeString(keyFile, key.privateKey().endsWith("\n") ? key.privateKey() : key.privateKey() + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            Path knownHosts = key.knownHosts().orElse(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
            SshdSessionFactoryBuilder builder = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(sshDir.toFile())
                    .setSshDirectory(sshDir.toFile())
                    .setDefaultIdentities(dir -> List.of(keyFile))
                    .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                    .setPreferredAuthentications("publickey");
            if (!key.strictHostKeyChecking()) {
                builder.setServerKeyDatabase((home, ssh) -> AcceptAll.INSTANCE);
            }
            sshFactory = builder.build(null);
            return sshFactory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the SSH key", e);
        }
    }

    @Override
    public void close() {
        if (sshFactory != null) {
            sshFactory.close();
        }
        if (sshDir != null) {
            try (Stream<Path> files = Files.walk(sshDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A temp dir left behind holds a copy of the key: say so, without the key.
                System.err.println("gitops: could not delete temporary SSH directory " + sshDir);
            }
        }
    }

    /** Relaxed host key checking, chosen explicitly by the user. */
    private enum AcceptAll implements ServerKeyDatabase {
        INSTANCE;

        @Override
        public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
            return List.of();
        }

        @Override
        public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey, Configuration config,
                CredentialsProvider provider) {
            return true;
        }
    }

    /** Answers only the key passphrase prompt; any other prompt (a password, "accept host key?") is refused. */
    private static final class PassphraseProvider extends CredentialsProvider {
        private final String passphrase;

        PassphraseProvider(String passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            return Stream.of(items).allMatch(i -> i instanceof CredentialItem.Password);
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) {
            for (CredentialItem item : items) {
                if (item instanceof CredentialItem.Password p) {
                    p.setValue(passphrase.toCharArray());
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "PassphraseProvider[****]";
        }
    }
}
