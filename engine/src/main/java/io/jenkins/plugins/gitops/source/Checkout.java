package io.jenkins.plugins.gitops.source;

import io.jenkins.plugins.gitops.Defaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked-out revision: a read-only directory holding the files of one commit, the commit SHA
 * the requested revision resolved to, and the id of its root tree (the content identity used by
 * the render cache; empty for a plain folder that is not a Git checkout).
 *
 * @param url the repository URL, without credentials
 * @param revision the revision as requested (branch, tag, SHA, HEAD)
 * @param sha the resolved commit SHA; empty for a plain folder
 * @param root the directory with the files
 * @param treeId the root tree id of the commit; empty for a plain folder
 * @param fetched whether this checkout talked to the remote (false when the mirror already had the commit)
 */
public record Checkout(String url, String revision, String sha, Path root, Optional<String> treeId, boolean fetched) {

    public Checkout {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(root, "root");
        revision = revision == null ? "" : revision;
        sha = sha == null ? "" : sha;
        treeId = treeId == null ? Optional.empty() : treeId;
    }

    /** A local folder used as is, without Git (no revision, no cache key). */
    public static Checkout ofFolder(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new SourceException(SourceException.Reason.PATH_NOT_FOUND, abs + ": no such directory");
        }
        return new Checkout(abs.toString(), "", "", abs, Optional.empty(), false);
    }

    /**
     * The directory or file at {@code path} (relative, {@code /}-separated, "" or "." for the root),
     * refusing paths that leave the checkout lexically ({@code ../x}) or through a symlink.
     */
    public Path resolve(String path) {
        String p = path == null ? "" : path.strip();
        String where = url + (sha.isEmpty() ? "" : "@" + Defaults.shortSha(sha));
        if (p.startsWith("/") || Path.of(p).isAbsolute()) {
            throw new SourceException(SourceException.Reason.PATH_ESCAPES, where + ": path '" + p + "' must be relative to the repository root");
        }
        Path target = root.resolve(p).normalize();
        if (!target.startsWith(root)) {
            throw new SourceException(SourceException.Reason.PATH_ESCAPES, where + ": path '" + p + "' leaves the repository");
        }
        if (!Files.exists(target)) {
            throw new SourceException(SourceException.Reason.PATH_NOT_FOUND, where + ": path '" + p + "' not found in the repository");
        }
        try {
            if (!target.toRealPath().startsWith(root.toRealPath())) {
                throw new SourceException(SourceException.Reason.PATH_ESCAPES,
                        where + ": path '" + p + "' leaves the repository through a symbolic link");
            }
            return target;
        } catch (IOException e) {
            throw new SourceException(SourceException.Reason.IO, where + ": cannot read path '" + p + "': " + e.getMessage(), e);
        }
    }

    /** {@code url@sha} for messages and reports. */
    public String describe() {
        return sha.isEmpty() ? url : url + "@" + sha;
    }
}
