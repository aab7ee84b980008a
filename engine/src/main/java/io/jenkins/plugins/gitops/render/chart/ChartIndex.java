package io.jenkins.plugins.gitops.render.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The {@code index.yaml} of an HTTP chart repository: for each chart name, its versions with
 * their download URLs and archive digests. Parsed with SnakeYAML's safe constructor only. Entries
 * without a version or a URL are skipped, as Helm skips them: one broken entry of a public index
 * must not make every other chart unusable.
 */
record ChartIndex(Map<String, List<Entry>> charts) {

    /** One version of a chart: where to download it and, when the index says, the sha256 of the archive. */
    record Entry(String version, List<String> urls, Optional<String> digest) {
    }

    ChartIndex {
        charts = Map.copyOf(charts);
    }

    /** Every plain scalar is a string: {@code version: 1.10} must stay "1.10", not the float 1.1. */
    private static final class StringsOnly extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // none
        }
    }

    static ChartIndex parse(String text, String where) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        // Public indexes reach tens of megabytes (Bitnami's was 20 MB); the limit guards memory, not size.
        options.setCodePointLimit(128 * 1024 * 1024);
        Object root;
        try {
            DumperOptions dump = new DumperOptions();
            root = new Yaml(new SafeConstructor(options), new Representer(dump), dump, options, new StringsOnly()).load(text);
        } catch (YAMLException e) {
            throw new ChartException(where + ": index.yaml is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("entries") instanceof Map<?, ?> entries)) {
            throw new ChartException(where + ": index.yaml has no 'entries' mapping; is this a Helm chart repository?");
        }
        Map<String, List<Entry>> charts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            List<Entry> versions = new ArrayList<>();
            if (e.getValue() instanceof List<?> list) {
                for (Object item : list) {
                    entry(item).ifPresent(versions::add);
                }
            }
            charts.put(String.valueOf(e.getKey()), List.copyOf(versions));
        }
        return new ChartIndex(charts);
    }

    private static Optional<Entry> entry(Object item) {
        if (!(item instanceof Map<?, ?> m) || m.get("version") == null || !(m.get("urls") instanceof List<?> urls) || urls.isEmpty()) {
            return Optional.empty();
        }
        List<String> u = urls.stream().map(String::valueOf).toList();
        Object digest = m.get("digest");
        return Optional.of(new Entry(String.valueOf(m.get("version")), u,
                digest == null || String.valueOf(digest).isBlank() ? Optional.empty() : Optional.of(String.valueOf(digest).strip())));
    }

    List<String> versions(String chart) {
        return charts.getOrDefault(chart, List.of()).stream().map(Entry::version).toList();
    }

    Optional<Entry> entry(String chart, String version) {
        return charts.getOrDefault(chart, List.of()).stream().filter(e -> e.version().equals(version)).findFirst();
    }
}
