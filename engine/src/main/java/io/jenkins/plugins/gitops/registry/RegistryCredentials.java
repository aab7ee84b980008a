package io.jenkins.plugins.gitops.registry;

import java.util.Objects;

/**
 * A user name and secret (password or token) for one registry. {@link #toString()} never shows
 * the secret, so a credentials object can sit in a record that gets logged or printed.
 */
public record RegistryCredentials(String username, String secret) {

    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", secret=****]";
    }
}
