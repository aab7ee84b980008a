package io.jenkins.plugins.gitops.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Writes commits into a local repository for tests: {@code write("apps/a.yaml", "...")}, then
 * {@code commit("msg")}. The default branch is {@code main}. Use {@link #gitDir()} with
 * {@link GitServer#serve}, or {@link #workTree()} as a local path source.
 */
public final class GitRepoBuilder implements AutoCloseable {

    private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.org");
    private final Git git;

    private GitRepoBuilder(Git git) {
        this.git = git;
    }

    public static GitRepoBuilder init(Path workTree) {
        try {
            return new GitRepoBuilder(Git.init().setDirectory(workTree.toFile()).setInitialBranch("main").call());
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot init " + workTree, e);
        }
    }

    public Path workTree() {
        return git.getRepository().getWorkTree().toPath();
    }

    public Path gitDir() {
        return git.getRepository().getDirectory().toPath();
    }

    public GitRepoBuilder write(String path, String content) {
        try {
            Path file = workTree().resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GitRepoBuilder symlink(String path, String target) {
        try {
            Path file = workTree().resolve(path);
            Files.createDirectories(file.getParent());
            Files.createSymbolicLink(file, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GitRepoBuilder delete(String path) {
        try {
            Files.delete(workTree().resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits everything in the work tree (additions, changes, deletions); returns the commit SHA. */
    public String commit(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            RevCommit c = git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
            return c.name();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit", e);
        }
    }

    public GitRepoBuilder tag(String name) {
        try {
            git.tag().setName(name).setAnnotated(true).setMessage(name).setTagger(AUTHOR).setSigned(false).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot tag " + name, e);
        }
    }

    public GitRepoBuilder branch(String name) {
        try {
            git.checkout().setCreateBranch(!branchExists(name)).setName(name).call();
            return this;
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot switch to " + name, e);
        }
    }

    private boolean branchExists(String name) throws IOException {
        return git.getRepository().exactRef("refs/heads/" + name) != null;
    }

    @Override
    public void close() {
        git.close();
    }
}
