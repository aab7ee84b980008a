package io.jenkins.plugins.gitops.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Renders a folder of YAML and JSON manifests ({@code .yaml}, {@code .yml}, {@code .json}), as
 * Argo CD's directory source: files in path order, documents in file order. Hidden entries
 * ({@code .git}, {@code .github}) are skipped. Each file's real path must stay inside the checkout,
 * so a symbolic link cannot feed a file from elsewhere on the machine into a deployment.
 */
public final class DirectoryRenderer implements Renderer {

    private final DirectoryOptions options;

    public DirectoryRenderer(DirectoryOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public String toolVersion() {
        return "builtin-1";
    }

    @Override
    public String cacheKey() {
        return String.join(";", options.key());
    }

    @Override
    public List<RenderedObject> render(Path root, Path dir) {
        PathMatcher include = options.include().isEmpty() ? p -> true : glob(options.include());
        PathMatcher exclude = options.exclude().isEmpty() ? p -> false : glob(options.exclude());
        List<RenderedObject> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, options.recurse() ? Integer.MAX_VALUE : 1)) {
            List<Path> manifests = files.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dir.relativize(p)))
                    .filter(DirectoryRenderer::isManifest)
                    .filter(p -> matches(include, dir.relativize(p)) && !matches(exclude, dir.relativize(p)))
                    .sorted()
                    .toList();
            Path realRoot = root.toRealPath();
            for (Path file : manifests) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                if (!file.toRealPath().startsWith(realRoot)) {
                    throw new RenderException(rel + ": leaves the repository through a symbolic link");
                }
                out.addAll(ManifestParser.parse(Files.readString(file, StandardCharsets.UTF_8), rel));
            }
        } catch (IOException e) {
            throw new RenderException(root.relativize(dir) + ": cannot read the folder: " + e.getMessage(), e);
        }
        return out;
    }

    private static PathMatcher glob(String pattern) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            throw new RenderException("directory option: invalid glob '" + pattern + "': " + e.getMessage());
        }
    }

    /** A glob without a slash ({@code *.yaml}) matches file names at any depth, one with a slash the relative path. */
    private static boolean matches(PathMatcher m, Path rel) {
        return m.matches(rel) || m.matches(rel.getFileName());
    }

    private static boolean isManifest(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
