package io.jenkins.plugins.gitops.plugin.credentials;

import io.jenkins.plugins.gitops.registry.RegistryCredentials;
import java.io.Serializable;
import java.util.List;

/** Registry credentials in transit to the agent, like {@link GitAuth}. {@link #toString()} shows no secret. */
public final class RegistryAuth implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String username;
    private final String secret;

    public RegistryAuth(String username, String secret) {
        this.username = username;
        this.secret = secret;
    }

    /** A token alone: registries accept it as the password of any user for Basic auth and token exchange. */
    public static RegistryAuth token(String token) {
        return new RegistryAuth("token", token);
    }

    public RegistryCredentials toEngine() {
        return new RegistryCredentials(username, secret);
    }

    public List<String> secrets() {
        return secret == null ? List.of() : List.of(secret);
    }

    @Override
    public String toString() {
        return "RegistryAuth[user=" + username + "]";
    }
}
