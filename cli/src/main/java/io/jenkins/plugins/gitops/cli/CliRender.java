package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import java.nio.file.Path;
import java.util.Optional;

/** How every command renders: mirrors and the render cache under one folder, credentials from the environment. */
final class CliRender {

    private CliRender() {
    }

    /**
     * @param cacheDir mirrors go in {@code cacheDir/repos}, renders in {@code cacheDir/renders};
     *                 null for the user's default cache ({@code ~/.cache/gitops})
     */
    static RenderResult render(String repo, String revision, String path, RenderSpec spec, Path cacheDir) {
        MirrorCache mirrors = cacheDir == null ? MirrorCache.userDefault() : new MirrorCache(cacheDir.resolve("repos"));
        RenderService service = new RenderService(mirrors, new RenderCache(Optional.of(mirrors.directory().resolveSibling("renders")), 8));
        return service.render(GitSource.of(repo, revision).withCredentials(CliCredentials.git()), path.equals(".") ? "" : path, spec);
    }
}
