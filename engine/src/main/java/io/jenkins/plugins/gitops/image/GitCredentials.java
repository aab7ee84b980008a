package io.jenkins.plugins.gitops.image;

import java.util.Objects;

/** User and password or token for a Git remote over HTTP(S). {@link #toString()} never shows the secret. */
public record GitCredentials(String username, String secret) {

    public GitCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    /** Replaces the secret wherever it appears, for messages that came from libraries we do not control. */
    String redact(String text) {
        return text == null || secret.isEmpty() ? text : text.replace(secret, "****");
    }

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", secret=****]";
    }
}
