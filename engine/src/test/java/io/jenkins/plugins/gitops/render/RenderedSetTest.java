package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderedSetTest {

    @TempDir
    Path tmp;

    private static List<RenderedObject> parse(String yaml, String file) {
        return ManifestParser.parse(yaml, file);
    }

    @Test
    void duplicatesAreAnErrorNamingBothSources() {
        List<RenderedObject> objs = new ArrayList<>(parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n}\n", "one.yaml"));
        objs.addAll(parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n}\ndata: {x: y}\n", "two.yaml"));

        assertThatThrownBy(() -> RenderedSet.of(objs, "sha", "directory", "1"))
                .isInstanceOf(RenderException.class)
                .hasMessage("ConfigMap/n/a: duplicate object: rendered from one.yaml and from two.yaml");
    }

    @Test
    void sameNameInAnotherNamespaceOrGroupIsNoDuplicate() {
        List<RenderedObject> objs = parse("""
                {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: m}}
                ---
                {apiVersion: example.com/v1, kind: ConfigMap, metadata: {name: a, namespace: n}}
                """, "x.yaml");
        assertThat(RenderedSet.of(objs, "", "directory", "1").size()).isEqualTo(3);
    }

    @Test
    void digestFollowsContentAndOrder() {
        List<RenderedObject> ab = parse("{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n---\n{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n", "x.yaml");
        RenderedSet one = RenderedSet.of(ab, "s1", "directory", "1");
        RenderedSet two = RenderedSet.of(ab, "s2", "directory", "1");
        RenderedSet reversed = RenderedSet.of(List.of(ab.get(1), ab.get(0)), "s1", "directory", "1");

        assertThat(one.digest()).startsWith("sha256:").isEqualTo(two.digest()).isNotEqualTo(reversed.digest());
    }

    @Test
    void writeYamlRoundTripsAndQuotesAmbiguousStrings() throws Exception {
        List<RenderedObject> objs = parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a, annotations: {when: "2024-01-01", flag: "on", num: "1.10"}}
                data: {script: "line1\\nline2\\n", empty: ""}
                """, "x.yaml");
        RenderedSet set = RenderedSet.of(objs, "", "directory", "1");
        Path out = tmp.resolve("out/all.yaml");

        set.writeYaml(out);

        List<RenderedObject> back = ManifestParser.parse(Files.readString(out), "all.yaml");
        assertThat(back).extracting(RenderedObject::object).containsExactlyElementsOf(set.kubeObjects());
        assertThat(tmp.resolve("out")).isDirectoryNotContaining(p -> p.toString().endsWith(".tmp"));
    }

    @Test
    void aFailedWriteLeavesNoFileBehind() throws Exception {
        RenderedSet set = RenderedSet.of(parse("{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}", "x.yaml"), "", "directory", "1");
        Path dirInTheWay = Files.createDirectories(tmp.resolve("out.yaml/child"));

        assertThatThrownBy(() -> set.writeYaml(dirInTheWay.getParent())).isInstanceOf(RenderException.class)
                .hasMessageStartingWith(dirInTheWay.getParent().toString());
        assertThat(tmp).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }
}
