package io.jenkins.plugins.gitops;

import java.time.Duration;

/**
 * The defaults every face shares, defined once: the CLI's option defaults, the steps' and the
 * engine's fall-backs refer to these, so a command and a step given nothing behave the same.
 */
public final class Defaults {

    /** Where each app's inventory and sync history ConfigMaps live unless told otherwise. */
    public static final String INVENTORY_NAMESPACE = "gitops-system";

    /**
     * What an app name must match ({@link AppName#check}): a DNS-1123 label short enough to name
     * its inventory ConfigMap ({@code gitops-inventory-NAME}) and to be a label value.
     */
    public static final String APP_NAME_PATTERN = "[a-z0-9]([-a-z0-9.]{0,51}[a-z0-9])?";

    /** How many characters of a commit SHA a message, table or {@code shortRevision} shows (Argo CD's UI shows 7; 12 stays unique in large repositories). */
    public static final int SHORT_SHA_LENGTH = 12;

    /**
     * How long one request to a Helm chart repository (index, archive, OCI manifest or blob) may
     * take. The CLI used 30 s and the steps 60 s; agents on slow links need the longer one.
     */
    public static final Duration CHART_TIMEOUT = Duration.ofSeconds(60);

    private Defaults() {
    }

    /**
     * The first {@link #SHORT_SHA_LENGTH} characters of a revision, each part of a multi-source
     * revision ({@code sha1+sha2}) shortened on its own; "" stays "", and a tag or version is kept whole
     * when it is not longer.
     */
    public static String shortSha(String revision) {
        if (revision == null || revision.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String part : revision.split("\\+", -1)) {
            b.append(b.length() == 0 ? "" : "+").append(part.length() > SHORT_SHA_LENGTH ? part.substring(0, SHORT_SHA_LENGTH) : part);
        }
        return b.toString();
    }
}
