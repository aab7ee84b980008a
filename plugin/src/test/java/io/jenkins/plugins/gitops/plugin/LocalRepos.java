package io.jenkins.plugins.gitops.plugin;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Small Git repositories on disk for the tests (JGit comes with the git-client plugin). */
public final class LocalRepos {

    private LocalRepos() {
    }

    /** A repository at {@code dir} on branch {@code main} with {@code files} committed; returns the commit SHA. */
    public static String create(Path dir, Map<String, String> files) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = dir.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
            }
            git.add().addFilepattern(".").call();
            PersonIdent me = new PersonIdent("test", "test@example.com");
            RevCommit c = git.commit().setMessage("initial").setAuthor(me).setCommitter(me).call();
            return c.name();
        }
    }

    /** A bare clone of {@code source} at {@code bare}, for pushes. */
    public static void bareClone(Path source, Path bare) throws Exception {
        try (Git ignored = Git.cloneRepository().setURI(source.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call()) {
            // cloned
        }
    }

    public static String configMap(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: demo\ndata:\n  key: value\n";
    }

    public static String path(Path p) {
        return p.toAbsolutePath().toString().replace(File.separatorChar, '/');
    }
}
