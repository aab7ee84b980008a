package io.jenkins.plugins.gitops.source;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Turns JGit's transport failures into {@link SourceException}s a user can act on. JGit's own
 * messages may quote the URL (with user info if someone put it there) and servers' replies, so
 * every text is redacted, secrets are replaced, and a cause whose messages still mention a secret
 * is dropped rather than attached.
 */
final class GitErrors {

    private GitErrors() {
    }

    private static final java.util.regex.Pattern HTTP_DENIED = java.util.regex.Pattern.compile("(?<![\\d:.])40[13](?!\\d)"); // a status, not a port

    static SourceException translate(String url, GitCredentials creds, Exception e) {
        String all = messages(e).toLowerCase(Locale.ROOT);
        Throwable cause = safeCause(e, creds);
        UnknownHostException unknownHost = find(e, UnknownHostException.class);
        if (unknownHost != null) {
            return new SourceException(Reason.UNREACHABLE, url + ": unknown host " + unknownHost.getMessage()
                    + "; check the repository URL and DNS", cause);
        }
        if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null
                || find(e, SocketTimeoutException.class) != null || all.contains("connection refused")
                || all.contains("connect timed out")) {
            return new SourceException(Reason.UNREACHABLE, url + ": cannot connect to the Git server ("
                    + clean(rootMessage(e), creds) + "); check the URL, the network and proxies", cause);
        }
        // Before the authentication test: JGit words a refused host key as an authentication failure too.
        if (all.contains("host key") || all.contains("known_hosts") || all.contains("server key")) {
            return new SourceException(Reason.AUTH_REFUSED, url + ": the SSH host key of " + SshHost.of(url)
                    + " is not trusted (" + clean(rootMessage(e), creds) + "); add the host's key to " + knownHosts(creds)
                    + " (for example: ssh-keyscan" + SshHost.portOption(url) + " " + SshHost.hostName(url) + " >> " + knownHosts(creds)
                    + ", after checking the fingerprint), or turn strict host key checking off for this credential,"
                    + " which lets a man in the middle read and change what is deployed", cause);
        }
        if (all.contains("not authorized") || all.contains("authentication") || all.contains("auth fail")
                || HTTP_DENIED.matcher(all).find() || all.contains("credentialsprovider")
                || all.contains("permission denied") || all.contains("no more authentication methods")) {
            return new SourceException(Reason.AUTH_REFUSED, url + ": authentication refused"
                    + (creds instanceof GitCredentials.None ? " (no credentials were given)" : " for " + creds)
                    + "; check the credentials and that they may access this repository", null);
        }
        if (all.contains("not found") || all.contains("does not appear to be a git repository")
                || all.contains("not a git repository")) {
            return new SourceException(Reason.UNREACHABLE, url + ": no Git repository there ("
                    + clean(rootMessage(e), creds) + ")", cause);
        }
        return new SourceException(Reason.IO, url + ": " + clean(rootMessage(e), creds), cause);
    }

    /** The known_hosts file the credentials check against. */
    private static String knownHosts(GitCredentials creds) {
        return creds instanceof GitCredentials.SshKey key ? GitAuth.knownHostsFile(key).toString() : "~/.ssh/known_hosts";
    }

    /** {@code text} without user info in URLs and without any secret of {@code creds}; "" for null. */
    static String clean(String text, GitCredentials creds) {
        return creds.redact(RepoUrl.redact(text));
    }

    private static Throwable safeCause(Throwable e, GitCredentials creds) {
        String all = messages(e);
        return clean(all, creds).equals(all) ? e : null;
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
