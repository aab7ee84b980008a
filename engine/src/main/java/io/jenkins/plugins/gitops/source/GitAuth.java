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
import org.apache.sshd.common.util.security.SecurityUtils;
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
 * Applies {@link GitCredentials} to JGit transport commands: the one place that turns credentials
 * into a JGit {@link CredentialsProvider} or an SSH session factory, for checkouts and for the
 * image write-back alike. Use one instance per run of related commands (clone, fetch, push) and
 * close it at the end:
 *
 * <pre>{@code
 * try (GitAuth auth = new GitAuth(credentials, log)) {
 *     auth.apply(Git.cloneRepository().setURI(url)).call();
 *     ...
 * } catch (GitAPIException e) {
 *     throw new MyException(auth.redact(e.getMessage()));
 * }
 * }</pre>
 *
 * SSH keys are written to a private temporary directory (owner-only permissions) when the first
 * command is configured, because Apache MINA's key loading works on files; every later command of
 * the same instance shares that key and session factory, and {@link #close()} deletes both.
 * Not thread-safe.
 */
public final class GitAuth implements AutoCloseable {

    private final GitCredentials credentials;
    private final java.util.function.Consumer<String> log;
    private Path sshDir;
    private SshdSessionFactory sshFactory;

    /**
     * @param credentials what to authenticate with; null means {@link GitCredentials#none()}
     * @param log         the caller's log, for what goes wrong while cleaning up (a key copy left on disk)
     */
    public GitAuth(GitCredentials credentials, java.util.function.Consumer<String> log) {
        this.credentials = credentials == null ? GitCredentials.none() : credentials;
        this.log = java.util.Objects.requireNonNull(log, "log");
    }

    public GitCredentials credentials() {
        return credentials;
    }

    /**
     * Configures {@code command} to authenticate with these credentials (nothing for
     * {@link GitCredentials#none()}) and returns it.
     *
     * @throws UncheckedIOException when the SSH key cannot be written to its temporary directory
     */
    public <C extends TransportCommand<C, ?>> C apply(C command) {
        if (credentials instanceof GitCredentials.UsernamePassword up) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(up.username(), up.password()));
        } else if (credentials instanceof GitCredentials.SshKey key) {
            SshdSessionFactory factory = sshFactory == null ? sshFactory(key) : sshFactory;
            command.setTransportConfigCallback(t -> {
                if (t instanceof SshTransport ssh) {
                    ssh.setSshSessionFactory(factory);
                }
            });
            key.passphrase().ifPresent(p -> command.setCredentialsProvider(new PassphraseProvider(p)));
        }
        return command;
    }

    /**
     * {@code text} (typically a JGit or server message) without user info in URLs and without any
     * secret of the credentials ({@link GitCredentials#redact}); "" for null.
     */
    public String redact(String text) {
        return GitErrors.clean(text, credentials);
    }

    /**
     * A failure of a command configured by this instance, as a message a user can act on: the
     * server could not be reached, refused the credentials, did not trust the host key, or has no
     * repository at {@code url}. The message and the attached cause (if any) contain no secret.
     *
     * @param url the repository URL without credentials, quoted at the start of the message
     */
    public SourceException translate(String url, Exception failure) {
        return GitErrors.translate(url, credentials, failure);
    }

    private SshdSessionFactory sshFactory(GitCredentials.SshKey key) {
        if (SshKeyType.isEd25519(key.privateKey()) && !SecurityUtils.isEDDSACurveSupported()) {
            // Without this check MINA sshd skips the key it cannot parse and the server refuses "no key": misleading.
            throw new SourceException(SourceException.Reason.INVALID, "SSH key for " + key.username()
                    + ": Ed25519 keys need an EdDSA security provider (net.i2p eddsa or BouncyCastle) that is not on this"
                    + " classpath; use an RSA or ECDSA key");
        }
        try {
            if (sshDir == null) { // else a previous attempt failed half-way: reuse its directory
                sshDir = Files.createTempDirectory("gitops-ssh-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path keyFile = sshDir.resolve("id_key");
            Files.writeString(keyFile, key.privateKey().endsWith("\n") ? key.privateKey() : key.privateKey() + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            Path knownHosts = knownHostsFile(key);
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

    /** The known_hosts file host keys are checked against: the configured one, else {@code ~/.ssh/known_hosts}. */
    static Path knownHostsFile(GitCredentials.SshKey key) {
        return key.knownHosts().orElse(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    }

    /** Closes the SSH session factory and deletes the temporary key copy, if any. Idempotent. */
    @Override
    public void close() {
        if (sshFactory != null) {
            sshFactory.close();
            sshFactory = null;
        }
        if (sshDir != null) {
            try (Stream<Path> files = Files.walk(sshDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A temp dir left behind holds a copy of the key: say so, without the key.
                log.accept("could not delete temporary SSH directory " + sshDir + " (it holds a copy of the key: delete it)");
            }
            sshDir = null;
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

    /**
     * Answers only the key passphrase prompt (JGit shows it as an informational message, "Key ... is
     * encrypted", plus a password item); any other prompt ("accept host key?", a user name) is refused.
     */
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
            return Stream.of(items).allMatch(i -> i instanceof CredentialItem.Password || i instanceof CredentialItem.InformationalMessage);
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) {
            for (CredentialItem item : items) {
                if (item instanceof CredentialItem.Password p) {
                    p.setValue(passphrase.toCharArray());
                } else if (!(item instanceof CredentialItem.InformationalMessage)) {
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
