package io.jenkins.plugins.gitops.render;

import java.util.List;

/**
 * Options of the plain-folder renderer, as Argo CD's {@code spec.source.directory}.
 *
 * @param recurse descend into sub-folders (default false, as in Argo CD)
 * @param include a glob on the path relative to the folder ({@code *.yaml}, <code>{a,b}/*.yml</code>); "" for all
 * @param exclude a glob of files to leave out; "" for none
 * @param jsonnet how {@code *.jsonnet} files of the folder are evaluated
 */
public record DirectoryOptions(boolean recurse, String include, String exclude, JsonnetOptions jsonnet) {

    public DirectoryOptions {
        include = include == null ? "" : include.strip();
        exclude = exclude == null ? "" : exclude.strip();
        jsonnet = jsonnet == null ? JsonnetOptions.none() : jsonnet;
    }

    public DirectoryOptions(boolean recurse, String include, String exclude) {
        this(recurse, include, exclude, JsonnetOptions.none());
    }

    public DirectoryOptions withJsonnet(JsonnetOptions j) {
        return new DirectoryOptions(recurse, include, exclude, j);
    }

    public static DirectoryOptions defaults() {
        return new DirectoryOptions(false, "", "");
    }

    List<String> key() {
        List<String> k = new java.util.ArrayList<>(List.of("recurse=" + recurse, "include=" + include, "exclude=" + exclude));
        k.addAll(jsonnet.key());
        return k;
    }
}
