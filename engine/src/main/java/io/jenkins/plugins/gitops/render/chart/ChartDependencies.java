package io.jenkins.plugins.gitops.render.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The dependencies a chart declares in {@code Chart.yaml} (or a v1 chart's {@code requirements.yaml})
 * and does not carry in {@code charts/}, fetched as {@code helm dependency build} does, through the
 * engine's own chart repository clients (so no helm binary and no {@code helm repo add} is needed):
 * <ul>
 * <li>with a {@code Chart.lock} ({@code requirements.lock}), its digest must match the declared
 *     dependencies (Helm's {@code HashReq}: "out of sync" otherwise) and the locked versions are fetched;</li>
 * <li>without one, each version constraint is resolved against the repository as Helm resolves it;</li>
 * <li>{@code https://} repositories through their {@code index.yaml} (archive digests from the index
 *     checked), {@code oci://} ones through the registry (layer digests checked), both cached in the
 *     chart cache; {@code file://../x} from the checkout, which it must not leave.</li>
 * </ul>
 * {@code alias}, {@code condition}, {@code tags} and {@code import-values} are left to Helm, which
 * applies them once the charts are in {@code charts/}.
 */
public final class ChartDependencies {

    /** One entry of {@code dependencies:} (or of the lock), with the fields Helm's digest covers. */
    public record Dependency(String name, String version, String repository, String condition, List<String> tags, boolean enabled,
            List<Object> importValues, String alias) {

        public String describe() {
            return "dependency '" + name + "'" + (version.isEmpty() ? "" : " version '" + version + "'")
                    + (repository.isEmpty() ? "" : " (repository " + repository + ")");
        }
    }

    private final ChartRepositories repositories;
    private final Map<String, String> rewrites;

    /**
     * @param rewrites repository URL prefixes to replace before fetching ({@code https://charts.example.com=http://127.0.0.1:8080}),
     *                 longest prefix first: a mirror, as {@code --repo-rewrite} does for Git sources
     */
    public ChartDependencies(ChartRepositories repositories, Map<String, String> rewrites) {
        this.repositories = repositories;
        this.rewrites = Map.copyOf(rewrites == null ? Map.of() : rewrites);
    }

    /** The declared dependencies {@code charts/} has no chart for, in declaration order. */
    public static List<Dependency> missing(Path chart, String what) {
        List<Dependency> missing = new ArrayList<>();
        List<Dependency> declared = declared(chart, what);
        if (declared.isEmpty()) {
            return missing;
        }
        List<String> present = vendored(chart.resolve("charts"));
        for (Dependency d : declared) {
            if (!present.contains(d.name())) {
                missing.add(d);
            }
        }
        return missing;
    }

    /**
     * Puts every missing dependency of {@code chart} into {@code targetCharts} (the {@code charts/}
     * folder of a writable copy of the chart).
     *
     * @param root the checkout: {@code file://} dependencies must stay inside it
     * @param chart the chart's folder in the checkout ({@code file://} paths are relative to it)
     */
    public void fetchInto(Path root, Path chart, Path targetCharts, String what) {
        List<Dependency> missing = missing(chart, what);
        if (missing.isEmpty()) {
            return;
        }
        List<Dependency> toFetch = locked(chart, what).orElse(missing);
        List<String> wanted = missing.stream().map(Dependency::name).toList();
        try {
            Files.createDirectories(targetCharts);
            for (Dependency d : toFetch) {
                if (!wanted.contains(d.name())) {
                    continue; // vendored already
                }
                Path dest = targetCharts.resolve(d.name() + "-" + (d.version().isEmpty() ? "local" : d.version()).replaceAll("[^A-Za-z0-9._+-]", "_"));
                if (Files.exists(dest)) {
                    continue; // the same chart under two aliases
                }
                Path source = d.repository().toLowerCase(Locale.ROOT).startsWith("file://") ? local(root, chart, d, what) : remote(d, what);
                ChartFiles.copy(source, dest, source, what + ": " + d.describe());
            }
        } catch (IOException e) {
            throw new ChartException(what + ": cannot write the chart's dependencies: " + e.getMessage(), e);
        }
    }

    private Path remote(Dependency d, String what) {
        String repo = d.repository();
        if (repo.isEmpty() || repo.startsWith("@") || repo.toLowerCase(Locale.ROOT).startsWith("alias:")) {
            throw new ChartException(what + ": " + d.describe() + ": "
                    + (repo.isEmpty() ? "no repository and not in charts/" : "repository names from 'helm repo add' are not known here; write the repository URL"));
        }
        String url = rewrite(repo);
        try {
            return repositories.fetch(ChartSource.of(url, d.name(), d.version())).folder();
        } catch (ChartException e) {
            throw new ChartException(what + ": " + d.describe() + (url.equals(repo) ? "" : " (fetched from " + url + ")")
                    + ": cannot fetch it: " + e.getMessage(), e);
        }
    }

    private String rewrite(String repo) {
        String best = null;
        for (String from : rewrites.keySet()) {
            if (repo.startsWith(from) && (best == null || from.length() > best.length())) {
                best = from;
            }
        }
        return best == null ? repo : rewrites.get(best) + repo.substring(best.length());
    }

    private static Path local(Path root, Path chart, Dependency d, String what) {
        String rel = d.repository().substring("file://".length());
        Path dir = chart.resolve(rel).normalize();
        try {
            if (!dir.startsWith(root) || (Files.exists(dir) && !dir.toRealPath().startsWith(root.toRealPath()))) {
                throw new ChartException(what + ": " + d.describe() + ": the local chart is outside the repository");
            }
        } catch (IOException e) {
            throw new ChartException(what + ": " + d.describe() + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
            throw new ChartException(what + ": " + d.describe() + ": no Chart.yaml in " + root.relativize(dir));
        }
        return dir;
    }

    /** The chart names {@code charts/} holds: its sub-folders' and archives' {@code Chart.yaml} names. */
    private static List<String> vendored(Path charts) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(charts)) {
            return names;
        }
        try (Stream<Path> entries = Files.list(charts)) {
            for (Path p : entries.toList()) {
                String file = p.getFileName().toString();
                if (Files.isRegularFile(p.resolve("Chart.yaml"))) {
                    Object name = load(Files.readString(p.resolve("Chart.yaml"), StandardCharsets.UTF_8), file + "/Chart.yaml") instanceof Map<?, ?> m
                            ? m.get("name") : null;
                    names.add(name == null ? file : String.valueOf(name));
                } else if (file.endsWith(".tgz") && file.lastIndexOf('-') > 0) {
                    // helm package names archives <name>-<version>.tgz; a version never holds the name's dashes before a digit
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.+?)-v?\\d").matcher(file);
                    names.add(m.find() ? m.group(1) : file.substring(0, file.lastIndexOf('-')));
                }
            }
        } catch (IOException e) {
            throw new ChartException(charts + ": " + e.getMessage(), e);
        }
        return names;
    }

    static List<Dependency> declared(Path chart, String what) {
        Map<?, ?> meta = mapping(chart.resolve("Chart.yaml"), what);
        Object deps = meta.get("dependencies");
        if (deps == null && "v1".equals(String.valueOf(meta.get("apiVersion"))) && Files.isRegularFile(chart.resolve("requirements.yaml"))) {
            deps = mapping(chart.resolve("requirements.yaml"), what).get("dependencies");
        }
        return dependencies(deps, what + ": Chart.yaml dependencies");
    }

    /** The lock's dependencies, once its digest is checked against the declared ones; empty without a lock. */
    static Optional<List<Dependency>> locked(Path chart, String what) {
        Path lockFile = chart.resolve("Chart.lock");
        String lockName = "Chart.lock";
        if (!Files.isRegularFile(lockFile)) {
            lockFile = chart.resolve("requirements.lock");
            lockName = "requirements.lock";
            if (!Files.isRegularFile(lockFile)) {
                return Optional.empty();
            }
        }
        Map<?, ?> lock = mapping(lockFile, what);
        List<Dependency> locked = dependencies(lock.get("dependencies"), what + ": " + lockName);
        String digest = String.valueOf(lock.get("digest"));
        String expected = hashReq(declared(chart, what), locked);
        if (!expected.equals(digest)) {
            throw new ChartException(what + ": " + lockName + " is out of sync with the dependencies of Chart.yaml (its digest is " + digest
                    + ", the declared dependencies and the lock make " + expected + "); run 'helm dependency update' and commit the lock");
        }
        return Optional.of(locked);
    }

    /**
     * Helm's {@code resolver.HashReq}: sha256 of Go's {@code json.Marshal([2][]*chart.Dependency{req, lock})},
     * the struct's fields in Go order, empty ones omitted as its {@code omitempty} tags say.
     */
    static String hashReq(List<Dependency> req, List<Dependency> lock) {
        StringBuilder json = new StringBuilder("[");
        goList(json, req);
        json.append(',');
        goList(json, lock);
        json.append(']');
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void goList(StringBuilder out, List<Dependency> deps) {
        if (deps == null) {
            out.append("null");
            return;
        }
        out.append('[');
        for (int i = 0; i < deps.size(); i++) {
            Dependency d = deps.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"name\":");
            goString(out, d.name());
            if (!d.version().isEmpty()) {
                out.append(",\"version\":");
                goString(out, d.version());
            }
            out.append(",\"repository\":");
            goString(out, d.repository());
            if (!d.condition().isEmpty()) {
                out.append(",\"condition\":");
                goString(out, d.condition());
            }
            if (!d.tags().isEmpty()) {
                out.append(",\"tags\":");
                goValue(out, d.tags());
            }
            if (d.enabled()) {
                out.append(",\"enabled\":true");
            }
            if (!d.importValues().isEmpty()) {
                out.append(",\"import-values\":");
                goValue(out, d.importValues());
            }
            if (!d.alias().isEmpty()) {
                out.append(",\"alias\":");
                goString(out, d.alias());
            }
            out.append('}');
        }
        out.append(']');
    }

    private static void goValue(StringBuilder out, Object v) {
        if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                goValue(out, list.get(i));
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> map) {
            // Go marshals map keys sorted
            List<String> keys = map.keySet().stream().map(String::valueOf).sorted().toList();
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                goString(out, keys.get(i));
                out.append(':');
                goValue(out, map.get(keys.get(i)));
            }
            out.append('}');
        } else if (v == null) {
            out.append("null");
        } else {
            goString(out, String.valueOf(v));
        }
    }

    /** A JSON string as Go's encoder writes it: HTML characters and U+2028/9 escaped too. */
    private static void goString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static List<Dependency> dependencies(Object deps, String where) {
        List<Dependency> out = new ArrayList<>();
        if (deps == null) {
            return out;
        }
        if (!(deps instanceof List<?> list)) {
            throw new ChartException(where + ": must be a list");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m) || text(m.get("name")).isEmpty()) {
                throw new ChartException(where + ": every entry needs a name");
            }
            List<String> tags = m.get("tags") instanceof List<?> t ? t.stream().map(String::valueOf).toList() : List.of();
            List<Object> imports = m.get("import-values") instanceof List<?> iv ? new ArrayList<>(iv) : List.of();
            out.add(new Dependency(text(m.get("name")), text(m.get("version")), text(m.get("repository")), text(m.get("condition")), tags,
                    "true".equals(text(m.get("enabled"))), imports, text(m.get("alias"))));
        }
        return out;
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o).strip();
    }

    private static Map<?, ?> mapping(Path file, String what) {
        try {
            Object o = load(Files.readString(file, StandardCharsets.UTF_8), what + ": " + file.getFileName());
            return o instanceof Map<?, ?> m ? m : new LinkedHashMap<>();
        } catch (IOException e) {
            throw new ChartException(what + ": cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Every plain scalar a string, as Helm's typed structs read these files ({@code version: 1.10} stays "1.10"). */
    private static final class StringsOnly extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // none
        }
    }

    private static Object load(String text, String where) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        try {
            DumperOptions dump = new DumperOptions();
            return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options, new StringsOnly()).load(text);
        } catch (YAMLException e) {
            throw new ChartException(where + ": invalid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
