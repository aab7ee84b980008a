package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.source.Checkout;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The render step: "this path of this repository at this revision" in, a {@link RenderedSet} out.
 * Checks out through the mirror cache, picks the renderer, and consults the render cache when the
 * input has a Git tree identity (a plain folder is always rendered).
 */
public final class RenderService {

    private final MirrorCache mirrors;
    private final RenderCache cache;

    public RenderService(MirrorCache mirrors, RenderCache cache) {
        this.mirrors = mirrors;
        this.cache = cache;
    }

    public RenderResult render(GitSource source, String path, RenderSpec spec) {
        long start = System.nanoTime();
        Checkout checkout = mirrors.checkout(source);
        return render(checkout, path, spec, start);
    }

    public RenderResult render(Checkout checkout, String path, RenderSpec spec) {
        return render(checkout, path, spec, System.nanoTime());
    }

    private RenderResult render(Checkout checkout, String path, RenderSpec spec, long start) {
        Path dir = checkout.resolve(path);
        Renderer renderer = spec.rendererFor(dir);
        String normalPath = checkout.root().relativize(dir).toString();
        Optional<String> key = checkout.treeId().map(tree -> RenderCache.key(tree, normalPath, renderer));
        if (key.isPresent()) {
            Optional<RenderedSet> hit = cache.get(key.get());
            if (hit.isPresent()) {
                return new RenderResult(hit.get().withRevision(checkout.sha()), true, Duration.ofNanos(System.nanoTime() - start));
            }
        }
        List<RenderedObject> objects = renderer.render(checkout.root(), dir);
        RenderedSet set = RenderedSet.of(objects, checkout.sha(), renderer.name(), renderer.toolVersion());
        key.ifPresent(k -> cache.put(k, set));
        return new RenderResult(set, false, Duration.ofNanos(System.nanoTime() - start));
    }
}
