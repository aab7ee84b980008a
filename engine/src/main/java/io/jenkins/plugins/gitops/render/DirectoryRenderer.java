package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

    /** What this renderer reads, for the error an empty render is. */
    static final String READS = "the directory renderer reads *.yaml, *.yml, *.json and *.jsonnet; *.libsonnet only as imports";

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
        List<RenderedObject> out = new ArrayList<>();
        try {
            List<Path> manifests = survey(dir).manifests();
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

    /**
     * What the folder holds, as this renderer sees it.
     *
     * @param manifests the files it reads, in path order
     * @param others files it does not read, by pattern ({@code *.jsonnet}, {@code README}), with their counts
     * @param hidden hidden files it skips
     * @param filtered manifests left out by the include and exclude globs
     * @param folders sub-folders it does not enter (recurse is off)
     */
    record Survey(List<Path> manifests, Map<String, Integer> others, int hidden, int filtered, int folders) {
    }

    Survey survey(Path dir) throws IOException {
        PathMatcher include = options.include().isEmpty() ? p -> true : glob(options.include());
        PathMatcher exclude = options.exclude().isEmpty() ? p -> false : glob(options.exclude());
        List<Path> manifests = new ArrayList<>();
        Map<String, Integer> others = new TreeMap<>();
        int hidden = 0;
        int filtered = 0;
        int folders = 0;
        try (Stream<Path> entries = Files.walk(dir, options.recurse() ? Integer.MAX_VALUE : 1)) {
            for (Path p : entries.sorted().toList()) {
                if (p.equals(dir)) {
                    continue;
                }
                Path rel = dir.relativize(p);
                if (Files.isDirectory(p)) {
                    folders += options.recurse() || hidden(rel) ? 0 : 1;
                } else if (!Files.isRegularFile(p)) {
                    continue;
                } else if (hidden(rel)) {
                    hidden++;
                } else if (!isManifest(p)) {
                    others.merge(pattern(p), 1, Integer::sum);
                } else if (matches(include, rel) && !matches(exclude, rel)) {
                    manifests.add(p);
                } else {
                    filtered++;
                }
            }
        }
        return new Survey(manifests, others, hidden, filtered, folders);
    }

    /**
     * What the folder held when it rendered nothing, from what this renderer read and skipped:
     * {@code "apps/x: 3 file(s), none of them manifests: 3 *.cue (the directory renderer reads *.yaml,
     * *.yml, *.json and *.jsonnet; *.libsonnet only as imports)"}.
     */
    @Override
    public String describeEmpty(Path root, Path dir) {
        String rel = root.relativize(dir).toString().replace('\\', '/');
        String where = rel.isEmpty() ? "the repository root" : rel;
        Survey s;
        try {
            s = survey(dir);
        } catch (IOException e) {
            return where + ": cannot read the folder: " + e.getMessage();
        }
        List<String> parts = new ArrayList<>();
        int otherCount = s.others().values().stream().mapToInt(Integer::intValue).sum();
        if (!s.manifests().isEmpty()) {
            parts.add(s.manifests().size() + " manifest file(s) without objects (only comments, empty documents or an empty list): "
                    + String.join(", ", s.manifests().stream().limit(5).map(p -> dir.relativize(p).toString().replace('\\', '/')).toList())
                    + (s.manifests().size() > 5 ? ", ..." : ""));
        }
        if (otherCount > 0) {
            List<String> kinds = new ArrayList<>();
            s.others().forEach((pattern, n) -> kinds.add(n + " " + pattern));
            parts.add(otherCount + " file(s)" + (s.manifests().isEmpty() ? ", none of them manifests" : " that are not manifests") + ": "
                    + String.join(", ", kinds) + " (" + READS + ")");
        }
        if (s.filtered() > 0) {
            parts.add(s.filtered() + " manifest file(s) left out by " + (options.include().isEmpty() ? "" : "include '" + options.include() + "'")
                    + (!options.include().isEmpty() && !options.exclude().isEmpty() ? " and " : "")
                    + (options.exclude().isEmpty() ? "" : "exclude '" + options.exclude() + "'"));
        }
        if (s.hidden() > 0) {
            parts.add(s.hidden() + " hidden file(s) skipped");
        }
        if (s.folders() > 0) {
            parts.add(s.folders() + " sub-folder(s) not read (recurse is off)");
        }
        return where + ": " + (parts.isEmpty() ? "an empty folder" : String.join("; ", parts));
    }

    /** {@code *.jsonnet} for files with an extension, the name itself for the others ({@code README}, {@code Makefile}). */
    private static String pattern(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? "*" + n.substring(dot).toLowerCase(Locale.ROOT) : n;
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
