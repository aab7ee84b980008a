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
 * Renders a folder of YAML, JSON and Jsonnet manifests ({@code .yaml}, {@code .yml}, {@code .json},
 * {@code .jsonnet}), as Argo CD's directory source: files in path order, documents in file order.
 * Each {@code .jsonnet} file is evaluated ({@link JsonnetEvaluator}; {@code .libsonnet} files are
 * only imported) and its value, an object or an array of objects, gives the manifests. Hidden entries
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
        return options.jsonnet().equals(JsonnetOptions.none()) ? "builtin-1" : "builtin-1+sjsonnet-0.4.9";
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
            java.util.Set<os.Path> readable = null;
            for (Path file : manifests) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                if (!file.toRealPath().startsWith(realRoot)) {
                    throw new RenderException(rel + ": leaves the repository through a symbolic link");
                }
                if (rel.endsWith(".jsonnet")) {
                    if (readable == null) {
                        readable = JsonnetEvaluator.readable(root);
                    }
                    out.addAll(jsonnet(JsonnetEvaluator.evaluate(root, file, options.jsonnet(), readable), rel));
                } else {
                    out.addAll(ManifestParser.parse(Files.readString(file, StandardCharsets.UTF_8), rel));
                }
            }
        } catch (IOException e) {
            throw new RenderException(root.relativize(dir) + ": cannot read the folder: " + e.getMessage(), e);
        }
        return out;
    }

    /** Argo CD takes an array of objects, or else one object; a {@code List} is flattened as in YAML files. */
    private static List<RenderedObject> jsonnet(String json, String rel) {
        try {
            com.fasterxml.jackson.databind.JsonNode value = ManifestParser.JSON.readTree(json);
            List<RenderedObject> out = new ArrayList<>();
            if (value != null && value.isArray()) {
                int i = 0;
                for (com.fasterxml.jackson.databind.JsonNode item : value) {
                    if (!item.isObject()) {
                        throw new RenderException(rel + ": element " + i + " of the array is not an object but " + item.getNodeType().name().toLowerCase(Locale.ROOT));
                    }
                    out.addAll(ManifestParser.parseJson(item.toString(), rel));
                    i++;
                }
                return out;
            }
            if (value == null || !value.isObject()) {
                throw new RenderException(rel + ": the value is " + (value == null ? "empty" : value.getNodeType().name().toLowerCase(Locale.ROOT))
                        + ", not an object or an array of objects");
            }
            return ManifestParser.parseJson(json, rel);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RenderException(rel + ": jsonnet produced invalid JSON: " + e.getOriginalMessage());
        }
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
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json") || n.endsWith(".jsonnet");
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
