package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.source.GitCredentials;

/**
 * Credentials for the command line, from the environment only: arguments show in the process
 * list of every user. {@code GITOPS_GIT_TOKEN}, or {@code GITOPS_GIT_USERNAME} with
 * {@code GITOPS_GIT_PASSWORD}; nothing means anonymous.
 */
final class CliCredentials {

    private CliCredentials() {
    }

    static GitCredentials git() {
        String token = System.getenv("GITOPS_GIT_TOKEN");
        if (token != null && !token.isEmpty()) {
            return GitCredentials.token(token);
        }
        String user = System.getenv("GITOPS_GIT_USERNAME");
        String password = System.getenv("GITOPS_GIT_PASSWORD");
        return user != null && password != null ? GitCredentials.usernamePassword(user, password) : GitCredentials.none();
    }
}
