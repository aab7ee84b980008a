package io.jenkins.plugins.gitops.plugin.credentials;

import io.jenkins.plugins.gitops.render.chart.ChartCredentials;
import io.jenkins.plugins.gitops.source.GitCredentials;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Git credentials in transit from the controller to the agent: resolved from a Jenkins credential
 * for one step call, sent through the (encrypted) agent channel inside the callable, converted to
 * the engine's types there, and never stored in a step, a build action or a file.
 * {@link #toString()} shows no secret.
 */
public final class GitAuth implements Serializable {

    private static final long serialVersionUID = 1L;

    enum Kind { NONE, PASSWORD, SSH_KEY }

    private final Kind kind;
    private final String username;
    private final String secret;
    private final String passphrase;

    private GitAuth(Kind kind, String username, String secret, String passphrase) {
        this.kind = kind;
        this.username = username;
        this.secret = secret;
        this.passphrase = passphrase;
    }

    public static GitAuth none() {
        return new GitAuth(Kind.NONE, null, null, null);
    }

    /** User and password, or a token as password. */
    public static GitAuth password(String username, String password) {
        return new GitAuth(Kind.PASSWORD, username, password, null);
    }

    /** A token alone (Secret text): sent as the password of {@code x-access-token}, which GitHub and GitLab accept. */
    public static GitAuth token(String token) {
        return new GitAuth(Kind.PASSWORD, "x-access-token", token, null);
    }

    public static GitAuth sshKey(String username, String privateKey, String passphrase) {
        return new GitAuth(Kind.SSH_KEY, username, privateKey, passphrase);
    }

    /**
     * The engine's credentials, for every Git operation: checkouts through the mirror cache and the
     * image write-back alike (both authenticate through the engine's {@code source.GitAuth}).
     */
    public GitCredentials toSourceCredentials() {
        return switch (kind) {
            case NONE -> GitCredentials.none();
            case PASSWORD -> GitCredentials.usernamePassword(username, secret);
            case SSH_KEY -> new GitCredentials.SshKey(username, secret,
                    passphrase == null || passphrase.isEmpty() ? Optional.empty() : Optional.of(passphrase), Optional.empty(), true);
        };
    }

    /** An SSH key (which no chart repository takes). */
    public boolean isSshKey() {
        return kind == Kind.SSH_KEY;
    }

    /**
     * The same credential for a Helm chart repository: a token (Secret text) as a bearer token,
     * user and password as Basic. An SSH key cannot log in to a chart repository.
     */
    public ChartCredentials toChartCredentials() {
        return switch (kind) {
            case NONE -> ChartCredentials.none();
            case PASSWORD -> "x-access-token".equals(username) ? ChartCredentials.bearer(secret) : ChartCredentials.basic(username, secret);
            case SSH_KEY -> throw new IllegalArgumentException("an SSH key cannot log in to a Helm chart repository: use Username with "
                    + "password or Secret text (token)");
        };
    }

    /** The secret values, for masking. */
    public List<String> secrets() {
        List<String> s = new ArrayList<>();
        if (secret != null) {
            s.add(secret);
        }
        if (passphrase != null) {
            s.add(passphrase);
        }
        return s;
    }

    @Override
    public String toString() {
        return "GitAuth[" + kind + (username == null ? "" : ", user=" + username) + "]";
    }
}
