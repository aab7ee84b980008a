package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The render cache as another process sees it: a hit is answered from the entry's small meta file,
 * kustomize's own output is written out as it is, and the objects are parsed (and checked against
 * the digest) only when a caller asks for them.
 */
class RenderCacheTest {

    private static final String DEPLOY = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "nginx:1.25"}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, annotations: {note: "a: colon, and 'quotes'"}}
            spec: {selector: {app: web}, ports: [{port: 80}]}
            """;

    @TempDir
    Path tmp;
    GitRepoBuilder repo;
    GitSource source;

    @BeforeEach
    void setUp() {
        repo = GitRepoBuilder.init(tmp.resolve("origin"));
        repo.write("apps/web/kustomization.yaml", "resources: [deploy.yaml]\n").write("apps/web/deploy.yaml", DEPLOY)
                .write("apps/plain/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata: {k: v}\n").commit("apps");
        source = GitSource.of(repo.gitDir().toString(), "main");
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    /** A new service over the same folders: what a new CLI process or agent JVM sees. */
    private RenderService newProcess() {
        return new RenderService(new MirrorCache(tmp.resolve("repos"), line -> { }), new RenderCache(Optional.of(tmp.resolve("renders")), 4, line -> { }));
    }

    private Path objectsFile() throws Exception {
        try (var files = Files.list(tmp.resolve("renders"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".objects.json.gz")).findFirst().orElseThrow();
        }
    }

    @Test
    void kustomizeOutputIsWrittenAsKustomizePrintedItFreshAndFromTheCache() throws Exception {
        Kubectl.assumeAvailable();
        String printed = ToolProcess.run(List.of("kubectl", "kustomize", "apps/web"), tmp.resolve("origin"), java.time.Duration.ofMinutes(1), "kustomize");
        RenderResult first = newProcess().render(source, "apps/web", RenderSpec.auto());

        RenderResult hit = newProcess().render(source, "apps/web", RenderSpec.auto());

        assertThat(hit.cacheHit()).isTrue();
        for (RenderResult r : List.of(first, hit)) {
            Path out = tmp.resolve("out-" + r.cacheHit() + ".yaml");
            r.set().writeYaml(out);
            assertThat(Files.readString(out)).isEqualTo(printed);
            StringWriter w = new StringWriter();
            r.set().writeYaml(w);
            assertThat(w.toString()).isEqualTo(printed);
        }
        // the text is the set: parsing it again gives the very objects (and digest) the cache holds
        assertThat(RenderedSet.of(ManifestParser.parse(printed, "printed"), "", "kustomize", "").digest()).isEqualTo(hit.set().digest());
        assertThat(hit.set().objects()).isEqualTo(first.set().objects());
        assertThat(hit.set()).isEqualTo(first.set());
    }

    @Test
    void aHitAnswersSizeDigestAndYamlWithoutParsingTheObjects() throws Exception {
        Kubectl.assumeAvailable();
        RenderResult first = newProcess().render(source, "apps/web", RenderSpec.auto());
        // Replace the objects by a valid gzip of other objects: nothing that does not parse them can tell
        Path objects = objectsFile();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(objects))) {
            out.write("[{\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"evil\"}}}]".getBytes(StandardCharsets.UTF_8));
        }
        long size = Files.size(objects);
        // keep the meta file's size check satisfied, so only the digest check can refuse it
        Path meta = Path.of(objects.toString().replace(".objects.json.gz", ".meta.json"));
        Files.writeString(meta, Files.readString(meta).replaceAll("\"objectsFileBytes\":\\d+", "\"objectsFileBytes\":" + size));

        RenderResult hit = newProcess().render(source, "apps/web", RenderSpec.auto());

        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.set().size()).isEqualTo(2);
        assertThat(hit.set().digest()).isEqualTo(first.set().digest());
        Path out = tmp.resolve("out.yaml");
        hit.set().writeYaml(out);
        assertThat(Files.readString(out)).contains("kind: Deployment").doesNotContain("evil");
        assertThatThrownBy(() -> hit.set().objects())
                .isInstanceOf(RenderException.class)
                .hasMessageContaining(objects.toString())
                .hasMessageContaining("does not match the digest it was written with (" + first.set().digest() + ")");
    }

    @Test
    void aTruncatedOrMissingFileIsAMissNotAWrongDeployment() throws Exception {
        Kubectl.assumeAvailable();
        newProcess().render(source, "apps/web", RenderSpec.auto());
        Path objects = objectsFile();
        byte[] whole = Files.readAllBytes(objects);
        Files.write(objects, java.util.Arrays.copyOf(whole, whole.length / 2));

        RenderResult truncated = newProcess().render(source, "apps/web", RenderSpec.auto());

        assertThat(truncated.cacheHit()).isFalse();
        assertThat(truncated.set().size()).isEqualTo(2);
        Files.delete(Path.of(objects.toString().replace(".objects.json.gz", ".yaml.gz")));
        assertThat(newProcess().render(source, "apps/web", RenderSpec.auto()).cacheHit()).isFalse();
        assertThat(newProcess().render(source, "apps/web", RenderSpec.auto()).cacheHit()).isTrue();
    }

    @Test
    void aSetWithoutToolOutputIsSerializedAndReadBackWhole() throws Exception {
        RenderResult first = newProcess().render(source, "apps/plain", RenderSpec.auto());

        RenderResult hit = newProcess().render(source, "apps/plain", RenderSpec.auto());

        assertThat(first.set().toolOutput()).isEmpty();
        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.set().toolOutput()).isEmpty();
        assertThat(hit.set().objects()).isEqualTo(first.set().objects());
        assertThat(hit.set().objects().get(0).source()).contains("apps/plain/cm.yaml");
        StringWriter w = new StringWriter();
        hit.set().writeYaml(w);
        assertThat(ManifestParser.parse(w.toString(), "out")).extracting(o -> o.object().json()).containsExactlyElementsOf(
                first.set().objects().stream().map(o -> o.object().json()).toList());
    }
}
