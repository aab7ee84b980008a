package io.jenkins.plugins.gitops.source;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Checks out repositories through a cache of bare mirrors, one per repository URL, like Argo CD's
 * repo-server. Under {@code cacheDir}: {@code <key>/mirror.git} (all branches and tags) and
 * {@code <key>/trees/<sha>} (the files of each checked-out commit, written once).
 *
 * <p>A commit SHA the mirror already has is served without any network access; a branch or tag
 * of a remote is always fetched (it may have moved), which costs one ref advertisement when
 * nothing is new; a local repository's branch or tag is resolved in the repository itself, and
 * fetched only when the mirror lacks the commit it names.
 * Renders of the same repository, from threads of this JVM or from other processes sharing the
 * cache directory, take turns: a per-URL lock file guards both the fetch and the export.
 *
 * <p><b>Shallow sources</b> ({@link GitSource#shallow()}) are fetched into a second mirror beside
 * the full one, {@code <key>/shallow.git}, never into {@code mirror.git}: a full mirror that
 * turned shallow would lose what makes it cheap and correct (incremental fetches negotiate
 * against complete history, abbreviated SHAs resolve against all commits), and deepening it back
 * would cost more than the shallow fetch saved. So the full mirror always holds complete history,
 * the shallow one holds depth-1 tips of the refs asked for (each later shallow fetch adds the new
 * tip's objects, negotiating against what is there). Both export into the same
 * {@code <key>/trees/<sha>}, since a commit's files, SHA and root tree are the same however it was
 * fetched, and so is the render cache key. A full SHA already in the full mirror is served from
 * it. When the revision does not allow a shallow fetch (an abbreviated SHA, a server that does not
 * hand out commits by SHA) the source is fetched fully into {@code mirror.git}, with a log line
 * saying why.
 */
public final class MirrorCache {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final List<RefSpec> REFSPECS = List.of(
            new RefSpec("+refs/heads/*:refs/heads/*"),
            new RefSpec("+refs/tags/*:refs/tags/*"),
            new RefSpec("+HEAD:" + RevisionResolver.REMOTE_HEAD));

    private final Path cacheDir;
    private final Consumer<String> log;

    /** @param log receives one line per notable event, such as a shallow fetch falling back to a full one */
    public MirrorCache(Path cacheDir, Consumer<String> log) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.log = log;
    }

    /** A cache under {@code $XDG_CACHE_HOME/gitops} or {@code ~/.cache/gitops}, its notes to {@code log}. */
    public static MirrorCache userDefault(Consumer<String> log) {
        return new MirrorCache(defaultDirectory(), log);
    }

    /** {@code $XDG_CACHE_HOME/gitops/repos}, or {@code ~/.cache/gitops/repos}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return base.resolve("gitops").resolve("repos");
    }

    public Path directory() {
        return cacheDir;
    }

    /**
     * The files of {@code source} at its revision. A local path that is a folder but not a Git
     * repository is used as is (see {@link Checkout#ofFolder}).
     */
    public Checkout checkout(GitSource source) {
        String url = source.url();
        if (RepoUrl.isLocal(url)) {
            Path local = Path.of(url.startsWith("file://") ? url.substring(7) : url);
            if (Files.isDirectory(local) && !Files.exists(local.resolve(".git")) && !Files.exists(local.resolve("HEAD"))) {
                return Checkout.ofFolder(local);
            }
        }
        Path dir = cacheDir.resolve(key(url));
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock fileLock = channel.lock()) {
                return checkoutLocked(source, dir);
            }
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": mirror cache at " + dir + ": " + GitErrors.clean(e.getMessage(), source.credentials()), e);
        } finally {
            lock.unlock();
        }
    }

    private Checkout checkoutLocked(GitSource source, Path dir) throws IOException {
        if (source.shallow()) {
            Optional<Checkout> shallow = shallowCheckout(source, dir);
            if (shallow.isPresent()) {
                return shallow.get();
            }
        }
        Path mirror = dir.resolve("mirror.git");
        try (Git git = openOrInit(mirror, source.url())) {
            boolean fetched = false;
            Optional<RevCommit> commit = RevisionResolver.isFullSha(source.revision())
                    ? RevisionResolver.find(git.getRepository(), source.revision())
                    : Optional.empty();
            if (commit.isEmpty()) {
                commit = localTip(git, source);
            }
            if (commit.isEmpty()) {
                fetch(git, source);
                fetched = true;
                commit = RevisionResolver.find(git.getRepository(), source.revision());
            }
            if (commit.isEmpty()) {
                throw new SourceException(Reason.UNKNOWN_REVISION, source.url() + ": unknown revision '" + source.revision()
                        + "' (no such branch, tag or commit); the repository has " + RevisionResolver.known(git.getRepository()));
            }
            return export(git, commit.get(), source, dir, fetched);
        }
    }

    /**
     * A local repository's revision when the mirror already has its commit: resolved in the
     * repository itself (a file read), so that an unchanged local source costs no fetch (the
     * JGit transport's start and ref negotiation: most of a cached render's time). Anything
     * unusual (not a repository, a revision it does not know, an unreadable ref) falls back to the
     * fetch, which reports it.
     */
    private static Optional<RevCommit> localTip(Git mirror, GitSource source) {
        if (!RepoUrl.isLocal(source.url())) {
            return Optional.empty();
        }
        String url = source.url();
        Path local = Path.of(url.startsWith("file://") ? url.substring(7) : url);
        try (Git origin = Git.open(local.toFile())) {
            Optional<RevCommit> tip = RevisionResolver.findInOrigin(origin.getRepository(), source.revision());
            // a full SHA the mirror does not have resolves to empty: then the fetch brings it
            return tip.isEmpty() ? Optional.empty() : RevisionResolver.find(mirror.getRepository(), tip.get().name());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The checkout from the shallow mirror, or empty when the revision needs the full history (logged). */
    private Optional<Checkout> shallowCheckout(GitSource source, Path dir) throws IOException {
        String revision = source.revision();
        Path full = dir.resolve("mirror.git");
        if (RevisionResolver.isFullSha(revision) && Files.isDirectory(full)) {
            try (Git git = Git.open(full.toFile())) {
                Optional<RevCommit> known = RevisionResolver.find(git.getRepository(), revision);
                if (known.isPresent()) {
                    return Optional.of(export(git, known.get(), source, dir, false));
                }
            }
        }
        try (Git git = openOrInit(dir.resolve("shallow.git"), source.url())) {
            Optional<RevCommit> known = RevisionResolver.isFullSha(revision)
                    ? RevisionResolver.find(git.getRepository(), revision)
                    : Optional.empty();
            if (known.isPresent()) {
                return Optional.of(export(git, known.get(), source, dir, false));
            }
            ShallowFetch.Outcome outcome;
            try (GitAuth auth = new GitAuth(source.credentials(), log)) {
                outcome = ShallowFetch.fetch(git, source, auth);
            }
            if (outcome instanceof ShallowFetch.NeedsHistory needs) {
                log.accept(source.url() + ": no shallow fetch for revision '" + revision + "': " + needs.reason()
                        + "; fetching the full history instead");
                return Optional.empty();
            }
            ObjectId id = ShallowFetch.resolve(git.getRepository(), (ShallowFetch.Fetched) outcome, revision);
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                return Optional.of(export(git, walk.parseCommit(id), source, dir, true));
            }
        }
    }

    private static Checkout export(Git git, RevCommit c, GitSource source, Path dir, boolean fetched) throws IOException {
        Path tree = dir.resolve("trees").resolve(c.name());
        if (!Files.isDirectory(tree)) {
            Files.createDirectories(tree.getParent());
            TreeExport.export(git.getRepository(), c, tree, source.url());
        }
        return new Checkout(source.url(), source.revision(), c.name(), tree, Optional.of(c.getTree().name()), fetched);
    }

    private static Git openOrInit(Path mirror, String url) throws IOException {
        try {
            Git git = Files.isDirectory(mirror) ? Git.open(mirror.toFile()) : Git.init().setBare(true).setDirectory(mirror.toFile()).call();
            StoredConfig config = git.getRepository().getConfig();
            if (!url.equals(config.getString("remote", "origin", "url"))) {
                config.setString("remote", "origin", "url", url);
                config.save();
            }
            return git;
        } catch (GitAPIException e) {
            throw new SourceException(Reason.IO, url + ": cannot create mirror at " + mirror + ": " + e.getMessage(), e);
        }
    }

    private void fetch(Git git, GitSource source) {
        try (GitAuth auth = new GitAuth(source.credentials(), log)) {
            FetchCommand fetch = git.fetch().setRemote("origin").setRefSpecs(REFSPECS)
                    .setRemoveDeletedRefs(true).setTagOpt(TagOpt.NO_TAGS);
            auth.apply(fetch).call();
        } catch (GitAPIException | RuntimeException e) {
            if (e instanceof SourceException se) {
                throw se;
            }
            throw GitErrors.translate(source.url(), source.credentials(), e);
        }
    }

    /** {@code <16 hex of sha256(normal url)>-<last path segment>}: unique, short, and readable in a listing. */
    static String key(String url) {
        String normal = RepoUrl.normalize(url);
        String name = normal.substring(normal.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(normal.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8) + "-" + (name.isEmpty() ? "repo" : name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
