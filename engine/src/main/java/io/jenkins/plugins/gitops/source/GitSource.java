package io.jenkins.plugins.gitops.source;

import java.util.Objects;

/**
 * What to check out: a repository (an HTTPS, SSH or file URL, or a local path), a revision (a
 * branch, a tag, a full or abbreviated commit SHA, or {@code HEAD}/empty for the default branch)
 * and how to authenticate. Credentials embedded in an HTTPS URL ({@code https://user:token@host/r})
 * are moved out of the URL here, so the URL can be logged.
 *
 * <p>{@code shallow} asks for a depth-1 fetch of just the revision instead of the whole history
 * (see {@link MirrorCache} for where the revision allows it); the checkout, its SHA and its tree
 * are the same either way, only the transfer differs.
 */
public record GitSource(String url, String revision, GitCredentials credentials, boolean shallow) {

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

    /** A full (not shallow) fetch. */
    public GitSource(String url, String revision, GitCredentials credentials) {
        this(url, revision, credentials, false);
    }

    public static GitSource of(String url, String revision) {
        return new GitSource(url, revision, GitCredentials.none(), false);
    }

    public GitSource withCredentials(GitCredentials creds) {
        return new GitSource(url, revision, creds, shallow);
    }

    public GitSource withRevision(String rev) {
        return new GitSource(url, rev, credentials, shallow);
    }

    /** The same source fetched at depth 1 ({@code true}) or with its history ({@code false}). */
    public GitSource withShallow(boolean depthOne) {
        return new GitSource(url, revision, credentials, depthOne);
    }
}
