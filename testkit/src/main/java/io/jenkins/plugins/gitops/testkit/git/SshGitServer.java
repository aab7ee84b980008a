package io.jenkins.plugins.gitops.testkit.git;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.session.ServerSession;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real Git server over SSH on the loopback interface: Apache MINA sshd (the version JGit's SSH
 * client uses) running JGit's {@link UploadPack} and {@link ReceivePack} for the
 * {@code git-upload-pack} / {@code git-receive-pack} exec requests a Git client sends. Public key
 * authentication only, against the keys given to {@link #authorize}; any user name is accepted,
 * as hosted servers take {@code git@}. The host key is a P-256 ECDSA key generated at start, so a
 * client that checks host keys strictly must be given {@link #knownHostsLine()}.
 *
 * <pre>{@code
 * try (SshGitServer ssh = SshGitServer.start().authorize(identity.publicKey())) {
 *     String url = ssh.serve("apps", repo.gitDir());   // ssh://git@127.0.0.1:<port>/apps.git
 *     Files.writeString(knownHosts, ssh.knownHostsLine() + "\n");
 * }
 * }</pre>
 */
public final class SshGitServer implements AutoCloseable {

    private final SshServer sshd;
    private final KeyPair hostKey;
    private final Map<String, Path> repos = new ConcurrentHashMap<>();
    private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusedKeys = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();

    private SshGitServer(SshServer sshd, KeyPair hostKey) {
        this.sshd = sshd;
        this.hostKey = hostKey;
    }

    /** Starts a server on a free loopback port, with a new host key and no authorized key yet. */
    public static SshGitServer start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair hostKey = generator.generateKeyPair();
            SshServer sshd = SshServer.setUpDefaultServer();
            SshGitServer server = new SshGitServer(sshd, hostKey);
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            sshd.setPasswordAuthenticator(null);
            sshd.setKeyboardInteractiveAuthenticator(null);
            sshd.setGSSAuthenticator(null);
            sshd.setPublickeyAuthenticator(server::accepts);
            sshd.setCommandFactory(server.new GitCommands());
            sshd.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SSH server", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the SSH host key", e);
        }
    }

    /** Lets clients holding the private key of {@code key} in. */
    public SshGitServer authorize(PublicKey key) {
        authorized.add(key);
        return this;
    }

    /** Serves the repository whose Git directory is {@code gitDir} as {@code /<name>.git}; returns its URL. */
    public String serve(String name, Path gitDir) {
        repos.put(name, gitDir);
        return url(name);
    }

    public String url(String name) {
        return "ssh://git@127.0.0.1:" + port() + "/" + name + ".git";
    }

    public int port() {
        return sshd.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** This server's line for a {@code known_hosts} file: {@code [127.0.0.1]:<port> ecdsa-sha2-nistp256 AAAA...}. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** Public key authentication attempts with a key that is not authorized. */
    public int refusedKeys() {
        return refusedKeys.get();
    }

    /** {@code git-upload-pack} requests served (clones, fetches, ls-remotes). */
    public int uploads() {
        return uploads.get();
    }

    private boolean accepts(String user, PublicKey key, ServerSession session) {
        boolean ok = authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
        if (!ok) {
            refusedKeys.incrementAndGet();
        }
        return ok;
    }

    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns {@code git-upload-pack '/name.git'} into a command serving that repository. */
    private final class GitCommands implements CommandFactory {
        @Override
        public Command createCommand(ChannelSession channel, String command) {
            List<String> words = CommandFactory.split(command);
            String service = words.isEmpty() ? "" : words.get(0);
            String path = words.size() == 2 ? words.get(1).replace("'", "") : "";
            String name = path.replaceFirst("^/", "").replaceFirst("\\.git/?$", "");
            return new GitCommand(command, service, repos.get(name));
        }
    }

    private final class GitCommand extends AbstractCommandSupport {
        private final String service;
        private final Path gitDir;

        GitCommand(String command, String service, Path gitDir) {
            super(command, null);
            this.service = service;
            this.gitDir = gitDir;
        }

        @Override
        public void run() {
            if (!service.equals("git-upload-pack") && !service.equals("git-receive-pack")) {
                fail("only git-upload-pack and git-receive-pack are served, not '" + getCommand() + "'");
                return;
            }
            if (gitDir == null) {
                fail("no repository for '" + getCommand() + "'");
                return;
            }
            try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()) {
                if (service.equals("git-upload-pack")) {
                    uploads.incrementAndGet();
                    new UploadPack(repo).upload(getInputStream(), getOutputStream(), getErrorStream());
                } else {
                    new ReceivePack(repo).receive(getInputStream(), getOutputStream(), getErrorStream());
                }
                onExit(0);
            } catch (IOException | RuntimeException e) {
                onExit(1, String.valueOf(e.getMessage()));
            }
        }

        private void fail(String message) {
            try {
                OutputStream err = getErrorStream();
                err.write(("fatal: " + message + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException ignored) {
                // the client is gone; the exit status below is all that is left to send
            }
            onExit(128, message);
        }
    }
}
