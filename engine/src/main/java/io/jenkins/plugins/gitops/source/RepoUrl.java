package io.jenkins.plugins.gitops.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Repository URL handling: credentials out of URLs, and one normal form per repository for the cache key. */
record RepoUrl(String withoutCredentials, Optional<GitCredentials> embedded) {

    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]*@");
    private static final Pattern SCP_LIKE = Pattern.compile("^[\\w.-]+@[\\w.-]+:.*");

    static RepoUrl parse(String url) {
        String u = url.strip();
        if (u.startsWith("http://") || u.startsWith("https://")) {
            try {
                URI uri = new URI(u);
                String info = uri.getRawUserInfo();
                if (info != null) {
                    URI clean = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
                    int colon = info.indexOf(':');
                    Optional<GitCredentials> creds = colon < 0 ? Optional.empty()
                            : Optional.of(GitCredentials.usernamePassword(decode(info.substring(0, colon)), decode(info.substring(colon + 1))));
                    return new RepoUrl(clean.toString(), creds);
                }
            } catch (URISyntaxException e) {
                // Not a URI we can take apart: keep it, but never print it with its user info.
                return new RepoUrl(redact(u), Optional.empty());
            }
        }
        return new RepoUrl(u, Optional.empty());
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Removes any {@code user:secret@} from URLs inside a text (JGit puts URLs in its messages). */
    static String redact(String text) {
        return text == null ? "" : USERINFO.matcher(text).replaceAll("$1");
    }

    /**
     * The cache identity of a repository: scheme and host in lower case, no trailing slash or
     * {@code .git}, local paths absolute. {@code https://GitHub.com/a/b.git/} and
     * {@code https://github.com/a/b} share one mirror.
     */
    static String normalize(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        if (isLocal(u)) {
            return "file://" + Path.of(u.startsWith("file://") ? u.substring(7) : u).toAbsolutePath().normalize();
        }
        int scheme = u.indexOf("://");
        if (scheme > 0) {
            int slash = u.indexOf('/', scheme + 3);
            String head = slash < 0 ? u : u.substring(0, slash);
            return head.toLowerCase(Locale.ROOT) + (slash < 0 ? "" : u.substring(slash));
        }
        return u;
    }

    static boolean isLocal(String url) {
        return url.startsWith("file://") || (!url.contains("://") && !SCP_LIKE.matcher(url).matches());
    }
}
