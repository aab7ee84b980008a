package io.jenkins.plugins.gitops.source;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes the files of one commit into a directory, without a Git index or working tree: renders
 * only read files, and an export per commit SHA never changes once complete. The export is built
 * beside its final place and renamed into it, so a crash never leaves a half-written tree that a
 * later render would trust.
 *
 * <p>Symbolic links are recreated, then each one is resolved for real: a link that leads out of
 * the tree (directly, or through other links) fails the export, as Argo CD refuses repositories
 * with out-of-bounds symlinks. Submodules are not fetched (their folders stay empty).
 */
final class TreeExport {

    private TreeExport() {
    }

    static void export(Repository repo, RevCommit commit, Path target, String url) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createDirectories(tmp);
        try {
            List<Path> links = write(repo, commit, tmp);
            checkLinks(tmp, links, url + "@" + commit.name());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    private static List<Path> write(Repository repo, RevCommit commit, Path root) throws IOException {
        List<Path> links = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                Path file = root.resolve(walk.getPathString()).normalize();
                if (!file.startsWith(root)) {
                    continue; // Git forbids such names; never write outside the export anyway.
                }
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.GITLINK) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                if (mode == FileMode.SYMLINK) {
                    String target = new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                    Files.createSymbolicLink(file, Path.of(target));
                    links.add(file);
                } else {
                    try (OutputStream out = Files.newOutputStream(file)) {
                        reader.open(walk.getObjectId(0)).copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        file.toFile().setExecutable(true);
                    }
                }
            }
        }
        return links;
    }

    private static void checkLinks(Path root, List<Path> links, String where) throws IOException {
        Path realRoot = root.toRealPath();
        for (Path link : links) {
            Path real;
            try {
                real = link.toRealPath();
            } catch (IOException dangling) {
                // A dangling link cannot leak anything; renderers that read it fail on their own.
                continue;
            }
            if (!real.startsWith(realRoot)) {
                throw new SourceException(Reason.PATH_ESCAPES, where + ": symbolic link '" + root.relativize(link)
                        + "' points outside the repository (to '" + Files.readSymbolicLink(link) + "'); refusing to use this revision");
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
