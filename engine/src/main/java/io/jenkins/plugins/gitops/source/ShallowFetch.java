package io.jenkins.plugins.gitops.source;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * A depth-1 fetch of exactly one revision, where the revision allows it:
 * <ul>
 * <li>{@code HEAD}, a branch, a tag or a full {@code refs/...} name: the server's ref list tells
 *     which ref it is, and only that ref is fetched, at depth 1;</li>
 * <li>a full commit SHA: asked for by id at depth 1. Servers decide whether they hand out a
 *     commit that is not a ref tip ({@code uploadpack.allowReachableSHA1InWant} /
 *     {@code allowAnySHA1InWant}); when this one does not, the caller falls back to a full fetch;</li>
 * <li>an abbreviated SHA: only the history can tell which commit it means, so a full fetch.</li>
 * </ul>
 * Either the fetch lands and {@link Fetched} names what to resolve in the mirror, or
 * {@link NeedsHistory} says in words why the full history is needed.
 */
final class ShallowFetch {

    private static final Pattern ABBREVIATED_SHA = Pattern.compile("[0-9a-f]{7,39}");

    sealed interface Outcome permits Fetched, NeedsHistory {
    }

    /** @param localRef the ref of the shallow mirror that now holds the revision; empty for a SHA fetched by id */
    record Fetched(String localRef) implements Outcome {
    }

    /** @param reason why a shallow fetch cannot serve this revision, for the log line */
    record NeedsHistory(String reason) implements Outcome {
    }

    private ShallowFetch() {
    }

    static Outcome fetch(Git git, GitSource source, GitAuth auth) {
        String revision = source.revision();
        if (RevisionResolver.isFullSha(revision)) {
            return fetchSha(git, source, auth, revision);
        }
        if ("HEAD".equals(revision)) {
            return fetchRef(git, source, auth, Constants.HEAD, RevisionResolver.REMOTE_HEAD);
        }
        Map<String, Ref> advertised = listRefs(git, source, auth);
        // Same precedence as RevisionResolver: an exact refs/ name, then a branch, then a tag.
        for (String name : List.of(revision, Constants.R_HEADS + revision, Constants.R_TAGS + revision)) {
            if (name.startsWith("refs/") && advertised.containsKey(name)) {
                return fetchRef(git, source, auth, name, name);
            }
        }
        if (ABBREVIATED_SHA.matcher(revision).matches()) {
            return new NeedsHistory("'" + revision + "' is not a branch or tag, and an abbreviated SHA can only be resolved with the history");
        }
        throw new SourceException(Reason.UNKNOWN_REVISION, source.url() + ": unknown revision '" + revision
                + "' (no such branch or tag; give a commit as a full 40-digit SHA for a shallow fetch); the repository has "
                + known(advertised.keySet()));
    }

    private static Outcome fetchRef(Git git, GitSource source, GitAuth auth, String remote, String local) {
        try {
            auth.apply(git.fetch().setRemote("origin").setRefSpecs(new RefSpec("+" + remote + ":" + local))
                    .setDepth(1).setTagOpt(TagOpt.NO_TAGS)).call();
            return new Fetched(local);
        } catch (GitAPIException | RuntimeException e) {
            throw rethrow(source, e);
        }
    }

    private static Outcome fetchSha(Git git, GitSource source, GitAuth auth, String sha) {
        try {
            // A SHA as a refspec source is a "want <sha>" without a local ref: the mirror finds it by id.
            auth.apply(git.fetch().setRemote("origin").setRefSpecs(new RefSpec(sha)).setDepth(1).setTagOpt(TagOpt.NO_TAGS)).call();
            return new Fetched("");
        } catch (GitAPIException | RuntimeException e) {
            SourceException translated = rethrow(source, e);
            if (translated.reason() == Reason.AUTH_REFUSED || translated.reason() == Reason.UNREACHABLE) {
                throw translated; // a full fetch would fail the same way
            }
            return new NeedsHistory("the server did not hand out commit " + sha + " by SHA ("
                    + GitErrors.clean(rootMessage(e), source.credentials()) + "; it may not allow SHA-1 in want, or the commit does not exist)");
        }
    }

    private static Map<String, Ref> listRefs(Git git, GitSource source, GitAuth auth) {
        try {
            Collection<Ref> refs = auth.apply(git.lsRemote().setRemote("origin")).call();
            return refs.stream().collect(Collectors.toMap(Ref::getName, Function.identity(), (a, b) -> a));
        } catch (GitAPIException | RuntimeException e) {
            throw rethrow(source, e);
        }
    }

    /** The SHA a fetched ref (or the revision itself, for a SHA fetched by id) points to in the mirror. */
    static ObjectId resolve(Repository repo, Fetched fetched, String revision) throws java.io.IOException {
        if (fetched.localRef().isEmpty()) {
            return ObjectId.fromString(revision);
        }
        Ref ref = repo.exactRef(fetched.localRef());
        if (ref == null || ref.getObjectId() == null) {
            throw new SourceException(Reason.IO, "shallow fetch of " + fetched.localRef() + " left no ref in the mirror");
        }
        return ref.getObjectId();
    }

    private static SourceException rethrow(GitSource source, Exception e) {
        return e instanceof SourceException se ? se : GitErrors.translate(source.url(), source.credentials(), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String known(Collection<String> names) {
        List<String> branches = names.stream().filter(n -> n.startsWith(Constants.R_HEADS)).map(Repository::shortenRefName).sorted().limit(8).toList();
        List<String> tags = names.stream().filter(n -> n.startsWith(Constants.R_TAGS) && !n.endsWith("^{}"))
                .map(Repository::shortenRefName).sorted().limit(8).toList();
        return "branches " + (branches.isEmpty() ? "(none)" : String.join(", ", branches))
                + "; tags " + (tags.isEmpty() ? "(none)" : String.join(", ", tags));
    }
}
