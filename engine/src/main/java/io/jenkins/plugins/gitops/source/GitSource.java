package io.jenkins.plugins.gitops.source;

import java.util.Objects;

/**
 * What to check out: a repository (an HTTPS, SSH or file URL, or a local path), a revision (a
 * branch, a tag, a full or abbreviated commit SHA, or {@code HEAD}/empty for the default branch)
 * and how to authenticate. Credentials embedded in an HTTPS URL ({@code https://user:token@host/r})
 * are moved out of the URL here, so the URL can be logged.
 */
public record GitSource(String url, String revision, GitCredentials credentials) {

    public GitSource {
        Objects.requireNonNull(url, "url");
        revision = revision == null || revision.isBlank() ? "HEAD" : revision.strip();
        credentials = credentials == null ? GitCredentials.none() : credentials;
        RepoUrl parsed = RepoUrl.parse(url);
        if (parsed.embedded().isPresent() && credentials instanceof GitCredentials.None) {
            credentials = parsed.embedded().get();
        }
        url = parsed.withoutCredentials();
        if (RepoUrl.isLocal(url) && !url.startsWith("file://")) {
            // JGit resolves a relative remote against the mirror it fetches into, not our working directory
            url = java.nio.file.Path.of(url).toAbsolutePath().normalize().toString();
        }
    }

    public static GitSource of(String url, String revision) {
        return new GitSource(url, revision, GitCredentials.none());
    }

    public GitSource withCredentials(GitCredentials creds) {
        return new GitSource(url, revision, creds);
    }

    public GitSource withRevision(String rev) {
        return new GitSource(url, rev, credentials);
    }
}
