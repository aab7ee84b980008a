package io.jenkins.plugins.gitops.image.writeback;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.edit.FileEditor;
import io.jenkins.plugins.gitops.image.edit.RenderCheck;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.source.GitAuth;
import io.jenkins.plugins.gitops.source.SourceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Clone, edit, commit, push; when the remote moved meanwhile, fetch, reset to its head, re-plan the
 * edits on the new content and try again, a bounded number of times. The edit function plans on
 * the working tree it is given and must not write: this class writes only after planning succeeded.
 * Every Git command of one run authenticates through one {@link GitAuth} (password, token or SSH
 * key), closed when the run ends.
 */
public final class GitWriteBack {

    private final Consumer<String> log;

    public GitWriteBack(Consumer<String> log) {
        this.log = log;
    }

    /**
     * @param plan     the file changes to make in a checked-out tree (see {@link FileEditor#plan})
     * @param vars     commit message variables from the caller ({@code app}, {@code buildUrl})
     */
    public WriteBackResult run(GitWriteOptions o, Function<Path, List<FileEditor.FileChange>> plan, Map<String, String> vars) {
        return run(o, plan, (dir, changes) -> { }, vars);
    }

    /**
     * @param verify called on the working tree after the edits are written and before anything is
     *               committed (a render proving the edit takes effect, see {@link RenderCheck}); an
     *               exception from it leaves the remote untouched
     */
    public WriteBackResult run(GitWriteOptions o, Function<Path, List<FileEditor.FileChange>> plan,
            BiConsumer<Path, List<FileEditor.FileChange>> verify, Map<String, String> vars) {
        return run(o, plan, verify, vars, false);
    }

    /**
     * A dry run: clone, plan, write the edits to the working tree and {@code verify} them (the same
     * render check as a real run), then stop before the commit. The result lists the values that
     * would change; nothing is committed or pushed.
     */
    public WriteBackResult preview(GitWriteOptions o, Function<Path, List<FileEditor.FileChange>> plan,
            BiConsumer<Path, List<FileEditor.FileChange>> verify) {
        return run(o, plan, verify, Map.of(), true);
    }

    private WriteBackResult run(GitWriteOptions o, Function<Path, List<FileEditor.FileChange>> plan,
            BiConsumer<Path, List<FileEditor.FileChange>> verify, Map<String, String> vars, boolean preview) {
        Path dir = null;
        try (GitAuth auth = new GitAuth(o.credentials(), log)) {
            dir = Files.createTempDirectory("gitops-image-");
            return run(o, plan, verify, vars, dir, auth, preview);
        } catch (IOException e) {
            throw new ImageUpdateException(o.repoUrl() + ": cannot create a working directory: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    private WriteBackResult run(GitWriteOptions o, Function<Path, List<FileEditor.FileChange>> plan,
            BiConsumer<Path, List<FileEditor.FileChange>> verify, Map<String, String> vars, Path dir, GitAuth auth, boolean preview) {
        String target = o.writeBranch();
        try (Git git = configure(Git.cloneRepository().setURI(o.repoUrl()).setDirectory(dir.toFile()).setBranch(o.branch())
                .setBranchesToClone(List.of("refs/heads/" + o.branch())), o, auth).call()) {
            boolean targetExists = !target.equals(o.branch()) && fetchBranch(git, o, auth, target);
            if (!target.equals(o.branch())) {
                var checkout = git.checkout().setName(target).setCreateBranch(true);
                checkout.setStartPoint(targetExists ? "refs/remotes/origin/" + target : "refs/remotes/origin/" + o.branch()).call();
            }
            for (int attempt = 1; attempt <= o.maxAttempts(); attempt++) {
                List<FileEditor.FileChange> changes = plan.apply(dir);
                List<ValueChange> values = changes.stream().flatMap(c -> c.changes().stream()).toList();
                String head = git.getRepository().resolve("HEAD").name();
                if (changes.isEmpty()) {
                    String summary = "nothing to change: every value is already up to date on " + target + " at " + Defaults.shortSha(head)
                            + "; no commit made";
                    log.accept(summary);
                    return new WriteBackResult(values, null, false, target, attempt - 1, summary, head);
                }
                FileEditor.write(dir, changes);
                verify.accept(dir, changes);
                if (preview) {
                    String summary = "dry run: " + values.size() + " value(s) would change on " + target + " at " + Defaults.shortSha(head)
                            + "; nothing committed";
                    log.accept(summary);
                    return new WriteBackResult(values, null, false, target, 0, summary, head);
                }
                var add = git.add();
                changes.forEach(c -> add.addFilepattern(c.file()));
                add.call();
                String message = CommitMessage.render(o.messageTemplate(), vars, values);
                RevCommit commit = git.commit().setMessage(message).setAuthor(ident(o.author())).setCommitter(ident(o.committer())).call();
                RemoteRefUpdate.Status status = push(git, o, auth, target);
                if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
                    String summary = "pushed " + Defaults.shortSha(commit.name()) + " to " + target + " (" + values.size() + " value(s) in "
                            + changes.size() + " file(s), attempt " + attempt + ")";
                    log.accept(summary);
                    return new WriteBackResult(values, commit.name(), true, target, attempt, summary, head);
                }
                log.accept("push to " + target + " rejected (" + status + "), attempt " + attempt + " of " + o.maxAttempts()
                        + ": fetching and re-applying the edit on the new head");
                if (!fetchBranch(git, o, auth, target)) {
                    throw new ImageUpdateException(safeUrl(o) + ": push to " + target + " rejected (" + status + ") and the branch cannot be fetched");
                }
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/" + target).call();
            }
            throw new ImageUpdateException(safeUrl(o) + ": push to " + target + " still rejected after " + o.maxAttempts()
                    + " attempts (the branch keeps moving); nothing pushed");
        } catch (org.eclipse.jgit.api.errors.TransportException e) {
            // Unreachable, credentials refused, host key not trusted, no repository: the same words as a checkout's.
            SourceException translated = auth.translate(safeUrl(o) + " (branch " + o.branch() + ")", e);
            throw new ImageUpdateException(translated.getMessage(), translated.getCause());
        } catch (GitAPIException | IOException | UncheckedIOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw new ImageUpdateException(safeUrl(o) + " (branch " + o.branch() + "): " + auth.redact(e.getMessage()));
        }
    }

    /** Fetches {@code branch} into {@code origin/branch}; false when the remote has no such branch (yet). */
    private static boolean fetchBranch(Git git, GitWriteOptions o, GitAuth auth, String branch) throws GitAPIException {
        boolean exists = false;
        for (Ref ref : configure(git.lsRemote().setRemote("origin").setHeads(true), o, auth).call()) {
            exists |= ref.getName().equals("refs/heads/" + branch);
        }
        if (exists) {
            configure(git.fetch().setRemote("origin")
                    .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/remotes/origin/" + branch)), o, auth).call();
        }
        return exists;
    }

    private static RemoteRefUpdate.Status push(Git git, GitWriteOptions o, GitAuth auth, String branch) throws GitAPIException {
        Iterable<PushResult> results = configure(git.push().setRemote("origin")
                .setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch)), o, auth).call();
        for (PushResult r : results) {
            RemoteRefUpdate u = r.getRemoteUpdate("refs/heads/" + branch);
            if (u != null) {
                RemoteRefUpdate.Status s = u.getStatus();
                if (s == RemoteRefUpdate.Status.REJECTED_OTHER_REASON && u.getMessage() != null && !remoteMoved(u.getMessage())) {
                    throw new ImageUpdateException(safeUrl(o) + ": push to " + branch + " refused: " + auth.redact(u.getMessage()));
                }
                if (s == RemoteRefUpdate.Status.REJECTED_NODELETE || s == RemoteRefUpdate.Status.NON_EXISTING) {
                    throw new ImageUpdateException(safeUrl(o) + ": push to " + branch + " refused (" + s + ")");
                }
                return s;
            }
        }
        throw new ImageUpdateException(safeUrl(o) + ": push to " + branch + " gave no result");
    }

    /**
     * Whether a server's reason for refusing an update means the branch moved under us, so that
     * fetch, re-apply and push again can succeed: a lock failure (another push in progress), an
     * old id that no longer matches (the ref moved between the ref listing and the pack, which
     * stateless HTTP makes visible), or the server's own non-fast-forward check.
     */
    private static boolean remoteMoved(String reason) {
        String r = reason.toLowerCase(java.util.Locale.ROOT);
        return r.contains("lock") || r.contains("invalid old id") || r.contains("non-fast") || r.contains("fetch first")
                || r.contains("stale info");
    }

    private static <C extends TransportCommand<C, ?>> C configure(C command, GitWriteOptions o, GitAuth auth) {
        command.setTimeout((int) Math.max(1, o.timeout().toSeconds()));
        return auth.apply(command);
    }

    private static PersonIdent ident(GitIdentity i) {
        return new PersonIdent(i.name(), i.email());
    }

    private static String safeUrl(GitWriteOptions o) {
        return o.repoUrl().replaceAll("//[^/@]*@", "//");
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp dir is harmless; the result already stands.
        }
    }
}
