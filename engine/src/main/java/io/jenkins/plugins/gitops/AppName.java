package io.jenkins.plugins.gitops;

import java.util.regex.Pattern;

/**
 * An app's name names its inventory ConfigMap and is the value of its label
 * ({@code gitops.jenkins.io/app}), so it must be a DNS-1123 label short enough for both: checked
 * once, here, by the sync options, the wait and every face before they talk to a cluster.
 */
public final class AppName {

    private static final Pattern PATTERN = Pattern.compile(Defaults.APP_NAME_PATTERN);

    private AppName() {
    }

    /** {@code name}, or a bad-input failure saying what an app name must be. */
    public static String check(String name) {
        if (name == null || !PATTERN.matcher(name).matches()) {
            throw new GitopsException("app name \"" + (name == null ? "" : name) + "\" must be a DNS-1123 label of at most 53 characters:"
                    + " lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (it names a ConfigMap and a label value)")
                    .asBadInput();
        }
        return name;
    }
}
