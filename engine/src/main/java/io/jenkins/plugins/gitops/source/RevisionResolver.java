package io.jenkins.plugins.gitops.source;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Resolves a revision in a mirror the way Argo CD does: {@code HEAD} (the remote's default branch),
 * a branch, a tag (annotated tags peeled to their commit), a full or abbreviated commit SHA.
 * Branches win over tags of the same name, as with {@code git rev-parse}.
 */
final class RevisionResolver {

    static final String REMOTE_HEAD = "refs/gitops/remote-head";
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHORT_SHA = Pattern.compile("[0-9a-f]{7,39}");

    private RevisionResolver() {
    }

    static boolean isFullSha(String revision) {
        return FULL_SHA.matcher(revision).matches();
    }

    /** The commit, or empty when the mirror does not (yet) have the revision. */
    static Optional<RevCommit> find(Repository repo, String revision) throws IOException {
        return find(repo, revision, REMOTE_HEAD);
    }

    /** The commit a revision names in the origin repository itself (its {@code HEAD} is its own). */
    static Optional<RevCommit> findInOrigin(Repository origin, String revision) throws IOException {
        return find(origin, revision, Constants.HEAD);
    }

    private static Optional<RevCommit> find(Repository repo, String revision, String head) throws IOException {
        List<String> candidates = "HEAD".equals(revision)
                ? List.of(head)
                : Stream.of(revision.startsWith("refs/") ? revision : null, Constants.R_HEADS + revision, Constants.R_TAGS + revision)
                        .filter(s -> s != null).toList();
        for (String name : candidates) {
            Ref ref = repo.exactRef(name);
            if (ref != null && ref.isSymbolic()) {
                ref = ref.getTarget(); // the origin's HEAD names its branch
            }
            if (ref != null && ref.getObjectId() != null) {
                return Optional.of(commit(repo, ref.getObjectId()));
            }
        }
        if (isFullSha(revision) || SHORT_SHA.matcher(revision).matches()) {
            try {
                ObjectId id = repo.resolve(revision + "^{commit}");
                return id == null ? Optional.empty() : Optional.of(commit(repo, id));
            } catch (org.eclipse.jgit.errors.AmbiguousObjectException e) {
                throw new SourceException(Reason.UNKNOWN_REVISION, "revision '" + revision + "' is an ambiguous abbreviated SHA; give more digits");
            } catch (org.eclipse.jgit.errors.RevisionSyntaxException | org.eclipse.jgit.errors.IncorrectObjectTypeException
                    | org.eclipse.jgit.errors.MissingObjectException e) {
                // A full SHA is taken as an id without a lookup; the mirror not having it means "not yet".
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static RevCommit commit(Repository repo, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        }
    }

    /** A hint for an unknown revision: a few of the branches and tags the repository does have. */
    static String known(Repository repo) throws IOException {
        List<String> names = repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                .map(r -> Repository.shortenRefName(r.getName())).limit(8).toList();
        List<String> tags = repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS).stream()
                .map(r -> Repository.shortenRefName(r.getName())).limit(8).toList();
        return "branches " + (names.isEmpty() ? "(none)" : String.join(", ", names))
                + "; tags " + (tags.isEmpty() ? "(none)" : String.join(", ", tags));
    }
}
