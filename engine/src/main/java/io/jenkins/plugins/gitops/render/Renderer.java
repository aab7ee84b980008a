package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns one directory of a checkout into Kubernetes objects. Implementations are immutable, take
 * their options in the constructor, and are safe to call from several threads.
 */
public interface Renderer {

    /** {@code kustomize}, {@code helm} or {@code directory}: reported in the rendered set. */
    String name();

    /** The version of the underlying tool, reported with the rendered set. */
    String toolVersion();

    /**
     * What identifies the tool in the render cache key: a new tool may render differently. The
     * version by default; a renderer whose version costs a process start (kubectl, a helm binary)
     * may answer with the executable's path, size and modification time instead, which change
     * whenever the tool does, so that a cache hit starts no process at all.
     */
    default String toolIdentity() {
        return toolVersion();
    }

    /** A canonical text of every option that changes the output, part of the cache key. */
    String cacheKey();

    /**
     * Renders {@code dir}, a directory inside {@code root} (the checkout). Sources in the result
     * are relative to {@code root}.
     *
     * @throws RenderException naming the file (and line) or the tool's whole error output
     */
    List<RenderedObject> render(Path root, Path dir);

    /**
     * Why {@code dir} rendered no objects, in the user's terms, for the error an empty render is:
     * what the renderer found and what it left out. Renderers that read files say which and why.
     */
    default String describeEmpty(Path root, Path dir) {
        String rel = root.relativize(dir).toString().replace('\\', '/');
        return name() + " rendered no objects from " + (rel.isEmpty() ? "the repository root" : rel);
    }

    /**
     * What {@link #render} returns, plus the tool's own YAML output when it has one that parses to
     * exactly those objects (kustomize's): kept so that writing a render out, or reading it back
     * from the render cache, copies bytes instead of serializing and parsing them again.
     */
    default Output renderOutput(Path root, Path dir) {
        return new Output(render(root, dir), java.util.Optional.empty());
    }

    /** Objects and, when the tool printed them as they are, its text. */
    record Output(List<RenderedObject> objects, java.util.Optional<String> text) {
        public Output {
            objects = List.copyOf(objects);
        }
    }
}
