package io.jenkins.plugins.gitops.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host of an SSH repository URL as known_hosts names it: {@code host} on port 22,
 * {@code [host]:port} otherwise. Takes {@code ssh://[user@]host[:port]/path} and scp-like
 * {@code user@host:path}; for anything else, the URL itself.
 */
final class SshHost {

    private static final Pattern SSH_URL = Pattern.compile("^ssh://(?:[^@/]*@)?(\\[[^\\]]+\\]|[^:/]+)(?::(\\d+))?(?:/.*)?$");
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]+):.*$");

    private SshHost() {
    }

    static String of(String url) {
        String port = port(url);
        return port.isEmpty() || port.equals("22") ? hostName(url) : "[" + hostName(url) + "]:" + port;
    }

    static String hostName(String url) {
        Matcher m = SSH_URL.matcher(url);
        if (m.matches()) {
            return m.group(1).replace("[", "").replace("]", "");
        }
        m = SCP_LIKE.matcher(url);
        return m.matches() ? m.group(1) : url;
    }

    /** {@code " -p <port>"} for a non-default port, else "": for an {@code ssh-keyscan} hint. */
    static String portOption(String url) {
        String port = port(url);
        return port.isEmpty() || port.equals("22") ? "" : " -p " + port;
    }

    private static String port(String url) {
        Matcher m = SSH_URL.matcher(url);
        return m.matches() && m.group(2) != null ? m.group(2) : "";
    }
}
