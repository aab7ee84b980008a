package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.testkit.tools.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The block-style reader must build exactly the trees SnakeYAML's safe loader builds, and hand
 * everything else to SnakeYAML.
 */
class BlockYamlReaderTest {

    private static List<JsonNode> snake(String yaml) {
        return ManifestParser.parseWithSnakeYaml(yaml, "t.yaml", 0, Optional.empty()).stream().map(o -> (JsonNode) o.object().json()).toList();
    }

    private static List<JsonNode> ours(String yaml) {
        return ManifestParser.parseYaml(yaml, "t.yaml", 0, Optional.empty()).stream().map(o -> (JsonNode) o.object().json()).toList();
    }

    private static JsonNode read(String yaml) {
        return BlockYamlReader.read(yaml, 0, yaml.length());
    }

    @Test
    void theWholeKubeflowRenderGivesTheSameTreesAsSnakeYaml() throws Exception {
        Optional<Path> render = Workloads.kubeflowRender();
        assumeTrue(render.isPresent(), "../shared/workloads/kubeflow or kubectl missing");
        String yaml = Files.readString(render.get());
        List<int[]> docs = ManifestParser.documentRanges(yaml);
        List<Integer> unsupported = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (read(yaml.substring(docs.get(i)[0], docs.get(i)[1])) == BlockYamlReader.UNSUPPORTED) {
                unsupported.add(i);
            }
        }
        List<JsonNode> expected = snake(yaml);
        List<JsonNode> actual = ours(yaml);
        System.out.printf("# Kubeflow render: %d documents, %d left to SnakeYAML%n", docs.size(), unsupported.size());
        assertThat(actual).hasSize(Workloads.KUBEFLOW_DOCUMENTS);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("document %d", i).isEqualTo(expected.get(i));
        }
        assertThat(unsupported.size()).as("documents the fast reader could not take").isLessThan(docs.size() / 20);
    }

    /**
     * Every document of every YAML file of kubeflow/manifests (hand-written: comments, flow styles,
     * anchors, odd quoting): whatever the fast reader accepts, SnakeYAML must accept too and build
     * into the same tree.
     */
    @Test
    void everyDocumentTheReaderAcceptsOfTheKubeflowSourcesMatchesSnakeYaml() throws Exception {
        Optional<Path> kubeflow = Workloads.kubeflow();
        assumeTrue(kubeflow.isPresent(), "../shared/workloads/kubeflow missing");
        List<Path> files = new ArrayList<>();
        // with this module's fixtures (health rules' objects) and the project's examples
        for (Path root : List.of(kubeflow.get(), Path.of("src/test/resources"), Path.of("../examples"))) {
            if (Files.isDirectory(root)) {
                try (var walk = Files.walk(root)) {
                    walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).filter(Files::isRegularFile).sorted()
                            .forEach(files::add);
                }
            }
        }
        int accepted = 0;
        int deferred = 0;
        for (Path f : files) {
            String yaml;
            try {
                yaml = Files.readString(f);
            } catch (java.nio.charset.MalformedInputException e) {
                continue;
            }
            for (int[] d : ManifestParser.documentRanges(yaml)) {
                JsonNode fast = BlockYamlReader.read(yaml, d[0], d[1]);
                if (fast == BlockYamlReader.UNSUPPORTED) {
                    deferred++;
                    continue;
                }
                accepted++;
                String doc = yaml.substring(d[0], d[1]);
                List<Object> snake = new ArrayList<>();
                try {
                    ManifestParser.yaml().loadAll(doc).forEach(snake::add);
                } catch (RuntimeException e) {
                    throw new AssertionError(f + " at " + d[0] + ": the reader accepted what SnakeYAML refuses: " + e.getMessage());
                }
                JsonNode expected = snake.isEmpty() || snake.get(0) == null ? null : ManifestParser.toJson(snake.get(0));
                assertThat(fast).as("%s at offset %d", f, d[0]).isEqualTo(expected);
            }
        }
        System.out.printf("# kubeflow sources, fixtures, examples: %d files, %d documents read by BlockYamlReader, %d left to SnakeYAML%n", files.size(), accepted, deferred);
        assertThat(accepted).isGreaterThan(1000);
    }

    /**
     * Random documents (nested maps and lists, strings with the characters YAML cares about, numbers,
     * booleans, nulls) printed by SnakeYAML's emitter in each scalar style and with line widths that
     * force folding: whatever the reader accepts must equal what SnakeYAML loads.
     */
    @Test
    void randomDocumentsInEveryEmitterStyleMatchSnakeYaml() {
        java.util.Random random = new java.util.Random(42);
        int accepted = 0;
        int total = 0;
        for (int n = 0; n < 5000; n++) {
            Object doc = randomMap(random, 0);
            org.yaml.snakeyaml.DumperOptions o = new org.yaml.snakeyaml.DumperOptions();
            o.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
            // folded scalars always go to SnakeYAML: no point in generating them
            org.yaml.snakeyaml.DumperOptions.ScalarStyle[] styles = {org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN,
                org.yaml.snakeyaml.DumperOptions.ScalarStyle.DOUBLE_QUOTED, org.yaml.snakeyaml.DumperOptions.ScalarStyle.SINGLE_QUOTED,
                org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL};
            o.setDefaultScalarStyle(styles[random.nextInt(styles.length)]);
            o.setWidth(20 + random.nextInt(80));
            o.setIndent(2 + random.nextInt(3));
            o.setIndicatorIndent(random.nextBoolean() ? 0 : Math.min(o.getIndent() - 1, 2));
            o.setIndentWithIndicator(o.getIndicatorIndent() > 0);
            o.setSplitLines(random.nextBoolean());
            String yaml = new org.yaml.snakeyaml.Yaml(o).dump(doc);
            total++;
            JsonNode fast = read(yaml);
            if (fast == BlockYamlReader.UNSUPPORTED) {
                continue;
            }
            accepted++;
            Object loaded = ManifestParser.yaml().load(yaml);
            assertThat(fast).as("%s", yaml).isEqualTo(ManifestParser.toJson(loaded));
        }
        System.out.printf("# random documents: %d of %d read by BlockYamlReader%n", accepted, total);
        assertThat(accepted).isGreaterThan(total / 8);
    }

    private static final String[] WORDS = {"a", "kubeflow", "http://x:80/y", "a: b", "#not", "x #y", "- z", "'q'", "\"dq\"", " lead", "trail ",
        "yes", "no", "on", "null", "~", "12", "0755", "1e3", "1.5", "0x1F", "-3", "tab\there", "multi\nline", "\u00e9t\u00e9", "", " ", "@at",
        "`tick", "%pct", "&amp", "*star", "!bang", "[x]", "{y}", "a,b", "?q", ":c", "\\back", "long words that will need folding at narrow widths"};

    private static Object randomScalar(java.util.Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextInt(2000) - 1000;
            case 1 -> r.nextBoolean();
            case 2 -> null;
            case 3 -> r.nextDouble() * 100;
            default -> {
                StringBuilder b = new StringBuilder();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b.append(i == 0 ? "" : r.nextBoolean() ? " " : "\n").append(WORDS[r.nextInt(WORDS.length)]);
                }
                yield b.toString();
            }
        };
    }

    private static Object randomValue(java.util.Random r, int depth) {
        int k = depth > 3 ? 0 : r.nextInt(5);
        return k == 0 || k == 1 ? randomScalar(r) : k == 2 ? randomList(r, depth + 1) : randomMap(r, depth + 1);
    }

    private static java.util.Map<String, Object> randomMap(java.util.Random r, int depth) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0, n = r.nextInt(5) + (depth == 0 ? 1 : 0); i < n; i++) {
            m.put("k" + i + (r.nextInt(4) == 0 ? "." + WORDS[r.nextInt(3)] : ""), randomValue(r, depth));
        }
        return m;
    }

    private static java.util.List<Object> randomList(java.util.Random r, int depth) {
        java.util.List<Object> l = new ArrayList<>();
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            l.add(randomValue(r, depth));
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // YAML 1.1 typing as SnakeYAML does it
        "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: ~\ng: null\nh:\ni: ''\nj: 12\nk: -7\nl: +3\nm: 3000000000\nn: 99999999999999999999\n"
                + "o: 1.5\np: -.5\nq: 1e3\nr: 2.\ns: 2024-01-01T00:00:00Z\nt: 1.0.0\nu: 0\nv: y\n",
        // strings that look like numbers or need care
        "a: '0755'\nb: \"12\"\nc: v1.2\nd: 1_000\ne: 0x1F\nf: 0755\ng: 190:20:30\nh: .inf\ni: a#b\nj: x # comment\nk: -flag\nl: --x=1\n",
        // quoting and escapes
        "a: \"tab\\there \\\"q\\\" \\\\ \\u00e9 \\x41\"\nb: 'it''s'\nc: \"a: b\"\nd: 'a # not a comment'\ne: \"\" # c\n",
        // literal block scalars and their chomping, blank lines, comment-like content
        "a: |\n  line1\n\n  # not a comment\n    indented\nb: |-\n  x\n  y\n\n\nc: |+\n  keep\n\n\nd: 1\n",
        "script: |\n  #!/bin/sh\n  echo \"$X\"\n\n",
        // sequences: compact, indented, of mappings, nested, empty values
        "containers:\n- name: a\n  args:\n  - --x\n  - \"--y\"\n  env: []\n- name: b\n  ports:\n    - containerPort: 80\n      protocol: TCP\nselector: {}\nitems:\n-\n  k: v\n- \n- x\n",
        // comments and blank lines anywhere
        "# head\nav: v1 # trailing\n\n# between\nkd: ConfigMap\nmeta:\n  # inside\n  name: x\n  labels:\n\n    app.kubernetes.io/name: web\n",
        // multi-line scalars as kyaml folds long descriptions, flow lists, indentation indicators
        "description: One or more labels that indicate a specific set of\n  pods/VMs on which a policy should be applied.\n"
                + "b: 'CreationTimestamp is a timestamp representing\n  the server time'' s\n\n  second paragraph'\n"
                + "c: \"allocated \\\n  joined \\t\n  and folded\"\nd: [\"/oauth2/callback\", 'x', 3, true]\ne: |2-\n    indented first\n  then less\n",
        "rules:\n- message: Cannot set serviceAccounts with namespaces\n    or principals\n  rule: x\n",
        // things left to SnakeYAML (must still come out the same)
        "a: &x {b: 1}\nc: *x\n",
        "a: [1, 2]\nb: {c: d}\n",
        "a: >\n  folded\n  text\n",
        "a: |2\n   x\n",
        "a: \"multi\nline at the key's column\"\n",
        "a: plain\n  continued\nb: 1\n",
        "a: plain # comment\nb: 'x' # c\n",
        "80: http\nyes: 1\n",
        "a: !!str 1\n",
        "? a\n: b\n",
        "a:\n- - x\n",
        "\"q\": 1\n",
    })
    void readsOrDefersExactlyAsSnakeYamlWould(String body) {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n" + body.lines().map(l -> "  " + l).reduce("", (x, y) -> x + y + "\n");
        String top = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n" + body;
        assertThat(ours(yaml)).isEqualTo(snake(yaml));
        assertThat(ours(top)).isEqualTo(snake(top));
    }

    @Test
    void aLiteralAtTheEndOfAStreamWithoutALineBreakKeepsNone() {
        for (String chomp : new String[] {"", "-", "+"}) {
            for (String tail : new String[] {"", "\n", "\n\n", "   "}) {
                String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: |" + chomp + "\n    one\n    two " + tail;
                assertThat(ours(yaml)).as("chomp '%s', tail '%s'", chomp, tail).isEqualTo(snake(yaml));
            }
        }
    }

    @Test
    void theCommonShapesAreReadWithoutSnakeYaml() {
        assertThat(read("a: 1\nb:\n  c: [ ]\n  d: {}\n")).isNotEqualTo(BlockYamlReader.UNSUPPORTED);
        assertThat(read("l:\n- a: |\n    x\n  b: 'y'\n")).isNotEqualTo(BlockYamlReader.UNSUPPORTED);
        assertThat(read("# only a comment\n")).isNull();
        assertThat(read("a: &x 1\n")).isEqualTo(BlockYamlReader.UNSUPPORTED);
        assertThat(read("a: 1\r\n")).isEqualTo(BlockYamlReader.UNSUPPORTED);
    }

    @Test
    void errorsStillComeFromSnakeYamlWithFileAndLine() {
        assertThatThrownBy(() -> ManifestParser.parse("apiVersion: v1\nkind: ConfigMap\n---\na: 1\na: 2\n", "apps/x.yaml"))
                .isInstanceOf(RenderException.class).hasMessageContaining("apps/x.yaml").hasMessageContaining("found duplicate key a");
        assertThatThrownBy(() -> ManifestParser.parse("apiVersion: v1\nkind: ConfigMap\n---\nkind: Secret\nmetadata:\n  name: a\n  b: c: d\n", "apps/y.yaml"))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("apps/y.yaml:7:");
        assertThatThrownBy(() -> ManifestParser.parse("---\n\n- a\n- b\n", "apps/z.yaml"))
                .isInstanceOf(RenderException.class).hasMessage("apps/z.yaml:3: a manifest must be a mapping, got array");
    }
}
