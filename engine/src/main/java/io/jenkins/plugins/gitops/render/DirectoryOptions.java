package io.jenkins.plugins.gitops.render;

import java.util.List;

/**
 * Options of the plain-folder renderer, as Argo CD's {@code spec.source.directory}.
 *
 * @param recurse descend into sub-folders (default false, as in Argo CD)
 * @param include a glob on the path relative to the folder ({@code *.yaml}, <code>{a,b}/*.yml</code>); "" for all
 * @param exclude a glob of files to leave out; "" for none
 */
public record DirectoryOptions(boolean recurse, String include, String exclude) {

    public DirectoryOptions {
        include = include == null ? "" : include.strip();
        exclude = exclude == null ? "" : exclude.strip();
    }

    public static DirectoryOptions defaults() {
        return new DirectoryOptions(false, "", "");
    }

    List<String> key() {
        return List.of("recurse=" + recurse, "include=" + include, "exclude=" + exclude);
    }
}
