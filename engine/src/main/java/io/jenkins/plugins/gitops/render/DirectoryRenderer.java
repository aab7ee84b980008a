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
import java.util.Map;
import java.util.TreeMap;
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
        List<RenderedObject> out = new ArrayList<>();
        try {
            List<Path> manifests = survey(dir).manifests();
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
     * {@code "apps/x: 3 files, none of them manifests: 3 *.jsonnet (the directory renderer reads only
     * *.yaml, *.yml and *.json)"}.
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
            parts.add(s.manifests().size() + " manifest file(s) without objects (only comments or empty documents): "
                    + String.join(", ", s.manifests().stream().limit(5).map(p -> dir.relativize(p).toString().replace('\\', '/')).toList())
                    + (s.manifests().size() > 5 ? ", ..." : ""));
        }
        if (otherCount > 0) {
            List<String> kinds = new ArrayList<>();
            s.others().forEach((pattern, n) -> kinds.add(n + " " + pattern));
            parts.add(otherCount + " file(s)" + (s.manifests().isEmpty() ? ", none of them manifests" : " that are not manifests") + ": "
                    + String.join(", ", kinds) + " (the directory renderer reads only *.yaml, *.yml and *.json)");
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
