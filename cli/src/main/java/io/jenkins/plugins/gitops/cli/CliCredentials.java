package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.render.chart.ChartCredentials;
import io.jenkins.plugins.gitops.source.GitCredentials;
import java.util.function.UnaryOperator;

/**
 * Credentials for the command line, from the environment only: arguments show in the process
 * list of every user. Git: {@code GITOPS_GIT_TOKEN}, or {@code GITOPS_GIT_USERNAME} with
 * {@code GITOPS_GIT_PASSWORD}. Chart repositories and OCI registries of Helm charts:
 * {@code GITOPS_HELM_TOKEN} (a bearer token, HTTP repositories), or {@code GITOPS_HELM_USERNAME}
 * with {@code GITOPS_HELM_PASSWORD}. Nothing means anonymous.
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

    /** @param env the environment ({@code System::getenv}; a map's {@code get} in tests) */
    static ChartCredentials helm(UnaryOperator<String> env) {
        String token = env.apply("GITOPS_HELM_TOKEN");
        if (token != null && !token.isEmpty()) {
            return ChartCredentials.bearer(token);
        }
        String user = env.apply("GITOPS_HELM_USERNAME");
        String password = env.apply("GITOPS_HELM_PASSWORD");
        return user != null && password != null ? ChartCredentials.basic(user, password) : ChartCredentials.none();
    }
}
