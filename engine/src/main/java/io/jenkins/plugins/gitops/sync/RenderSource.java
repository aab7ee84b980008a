package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.Defaults;
import java.util.regex.Pattern;

/**
 * Where a synced set was rendered from, recorded with its history entry so that a rollback can
 * render that revision again (the Secrets of an entry are kept as digests only, see
 * {@link SecretDigests}). Never carries credentials: any {@code user:secret@} is removed from the
 * URL. The CLI and the steps render with the renderer chosen by {@code tool} and no other options,
 * so these four fields are the whole recipe.
 *
 * @param repo     the repository URL or local path, without credentials ("" when the manifests came from a file)
 * @param revision the commit SHA rendered
 * @param path     the folder in the repository ("" for the root)
 * @param tool     the renderer: {@code auto}, {@code kustomize}, {@code helm} or {@code directory}
 */
public record RenderSource(String repo, String revision, String path, String tool) {

    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]*@");

    public RenderSource {
        repo = repo == null ? "" : USERINFO.matcher(repo.strip()).replaceAll("$1");
        revision = revision == null ? "" : revision;
        path = path == null || path.equals(".") ? "" : path;
        tool = tool == null || tool.isEmpty() ? "auto" : tool;
    }

    /** Not rendered from Git (a manifests file, a set built in code). */
    public static RenderSource none() {
        return new RenderSource("", "", "", "auto");
    }

    public static RenderSource git(String repo, String revision, String path, String tool) {
        return new RenderSource(repo, revision, path, tool);
    }

    /** True when a rollback can render it again. */
    public boolean renderable() {
        return !repo.isEmpty() && !revision.isEmpty();
    }

    /** {@code https://git.example.com/ml.git at 3f2a1c9 path apps/kfp}. */
    public String describe() {
        if (!renderable()) {
            return "(not rendered from Git)";
        }
        return repo + " at " + Defaults.shortSha(revision) + (path.isEmpty() ? "" : " path " + path);
    }
}
