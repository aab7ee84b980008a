package io.jenkins.plugins.gitops.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to authenticate to a Git server. Every variant's {@code toString} names the kind and the
 * user only: these values end up in logs, exception messages and debugger views, secrets must not.
 */
public sealed interface GitCredentials {

    /** Anonymous access (public repositories, local paths). */
    static GitCredentials none() {
        return None.INSTANCE;
    }

    static GitCredentials usernamePassword(String username, String password) {
        return new UsernamePassword(username, password);
    }

    /**
     * A bearer-like token over HTTPS. Git servers take tokens as a Basic password; GitHub and
     * GitLab ignore the user name, Bitbucket wants {@code x-token-auth}, so it is configurable.
     */
    static GitCredentials token(String token) {
        return new UsernamePassword("x-access-token", token);
    }

    /**
     * Replaces every secret these credentials hold (password or token, private key, passphrase)
     * with {@code ****} wherever it appears in {@code text}: for messages that come from libraries
     * we do not control. A private key is also replaced line by line, in case a message quotes
     * part of it. URLs with user info are not touched here; {@link GitAuth#redact} does both.
     *
     * @return {@code text} with the secrets replaced; null for null
     */
    default String redact(String text) {
        if (text == null) {
            return null;
        }
        List<String> secrets = new ArrayList<>();
        if (this instanceof UsernamePassword up) {
            secrets.add(up.password());
        } else if (this instanceof SshKey key) {
            secrets.add(key.privateKey());
            secrets.add(key.privateKey().strip());
            key.privateKey().lines().map(String::strip).filter(l -> l.length() >= 16 && !l.startsWith("-----")).forEach(secrets::add);
            key.passphrase().ifPresent(secrets::add);
        }
        // Longest first, so that a secret inside another one does not leave the rest of the longer one readable.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }

    /** Anonymous access. */
    enum None implements GitCredentials {
        INSTANCE;

        @Override
        public String toString() {
            return "GitCredentials[none]";
        }
    }

    /** HTTPS Basic authentication (user + password or token). */
    record UsernamePassword(String username, String password) implements GitCredentials {
        public UsernamePassword {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "GitCredentials[username=" + username + ", password=****]";
        }
    }

    /**
     * An SSH private key (OpenSSH or PEM text) with an optional passphrase. Host keys are checked
     * against {@code knownHosts} (or {@code ~/.ssh/known_hosts} when empty) unless
     * {@code strictHostKeyChecking} is turned off explicitly: accepting any host key lets a man in
     * the middle read the manifests and, with write-back, change them.
     */
    record SshKey(String username, String privateKey, Optional<String> passphrase, Optional<Path> knownHosts,
            boolean strictHostKeyChecking) implements GitCredentials {
        public SshKey {
            username = username == null || username.isBlank() ? "git" : username;
            Objects.requireNonNull(privateKey, "privateKey");
            passphrase = passphrase == null ? Optional.empty() : passphrase;
            knownHosts = knownHosts == null ? Optional.empty() : knownHosts;
        }

        /** A key with strict host key checking against the user's known_hosts. */
        public static SshKey of(String username, String privateKey) {
            return new SshKey(username, privateKey, Optional.empty(), Optional.empty(), true);
        }

        public SshKey withKnownHosts(Path file) {
            return new SshKey(username, privateKey, passphrase, Optional.of(file), strictHostKeyChecking);
        }

        /** Accepts unknown host keys. Only for tests and first contact with a trusted host. */
        public SshKey withoutHostKeyChecking() {
            return new SshKey(username, privateKey, passphrase, knownHosts, false);
        }

        @Override
        public String toString() {
            return "GitCredentials[ssh key for " + username + ", strictHostKeyChecking=" + strictHostKeyChecking + "]";
        }
    }
}
