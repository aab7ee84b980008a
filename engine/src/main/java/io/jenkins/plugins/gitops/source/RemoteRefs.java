package io.jenkins.plugins.gitops.source;

import io.jenkins.plugins.gitops.source.SourceException.Reason;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * What a branch or tag of a remote points at, from one ref listing ({@code git ls-remote}): no
 * fetch, no checkout, no working copy. For pollers (a drift trigger asking "did the branch move?")
 * that run where no repository should be cloned, such as a Jenkins controller.
 */
public final class RemoteRefs {

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");

    private RemoteRefs() {
    }

    /**
     * The commit {@code source.revision()} names on the remote: a full SHA as is; {@code HEAD}, a
     * branch, a tag (peeled to its commit) or a full ref name looked up in the listing.
     *
     * @throws SourceException UNKNOWN_REVISION naming the revision and some refs the remote has;
     *         AUTH_REFUSED, UNREACHABLE as a fetch would (no secret in the message)
     * @param log  the caller's log, for notes (an SSH key copy that could not be deleted)
     */
    public static String resolve(GitSource source, java.util.function.Consumer<String> log) {
        String rev = source.revision();
        if (FULL_SHA.matcher(rev).matches()) {
            return rev;
        }
        Collection<Ref> refs = list(source, log);
        return find(refs, rev).orElseThrow(() -> new SourceException(Reason.UNKNOWN_REVISION, source.url() + ": no branch or tag '" + rev
                + "' (a short SHA needs a fetch); the remote has " + sample(refs)));
    }

    static Optional<String> find(Collection<Ref> refs, String rev) {
        for (String name : rev.equals("HEAD") ? new String[] {"HEAD"} : new String[] {rev, "refs/heads/" + rev, "refs/tags/" + rev}) {
            for (Ref r : refs) {
                if (r.getName().equals(name)) {
                    ObjectId id = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
                    if (id != null) {
                        return Optional.of(id.name());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Collection<Ref> list(GitSource source, java.util.function.Consumer<String> log) {
        try (GitAuth auth = new GitAuth(source.credentials(), log)) {
            LsRemoteCommand ls = Git.lsRemoteRepository().setRemote(source.url()).setHeads(false).setTags(false);
            return auth.apply(ls).call();
        } catch (GitAPIException | RuntimeException e) {
            if (e instanceof SourceException se) {
                throw se;
            }
            throw GitErrors.translate(source.url(), source.credentials(), e);
        }
    }

    private static String sample(Collection<Ref> refs) {
        String names = refs.stream().map(Ref::getName).filter(n -> n.startsWith("refs/heads/") || n.startsWith("refs/tags/"))
                .filter(n -> !n.endsWith("^{}")).map(n -> n.replaceFirst("^refs/(heads|tags)/", "")).sorted().limit(10)
                .reduce((a, b) -> a + ", " + b).orElse("");
        return names.isEmpty() ? "no branches or tags" : names;
    }
}
