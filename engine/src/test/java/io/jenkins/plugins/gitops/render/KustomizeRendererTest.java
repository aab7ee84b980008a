package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeRendererTest {

    @TempDir
    Path root;
    Path app;

    @BeforeEach
    void app() throws Exception {
        Kubectl.assumeAvailable();
        app = Files.createDirectories(root.resolve("apps/web"));
        Files.writeString(app.resolve("kustomization.yaml"), "resources: [deploy.yaml]\n");
        Files.writeString(app.resolve("deploy.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx:1.25}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {selector: {app: web}, ports: [{port: 80}]}
                """);
    }

    private List<RenderedObject> render(KustomizeOptions options) {
        return new KustomizeRenderer(options).render(root, app);
    }

    @Test
    void buildsTheFolderInKustomizeOrder() {
        assertThat(render(KustomizeOptions.defaults())).extracting(o -> o.object().key().toString())
                .containsExactly("Service/web", "Deployment.apps/web");
    }

    @Test
    void argoCdOverridesGoThroughATemporaryOverlay() {
        KustomizeOptions options = KustomizeOptions.defaults()
                .withImages(List.of("nginx=registry.local:5000/nginx:1.27"))
                .withNames("pre-", "-suf").withNamespace("shop").withCommonLabels(Map.of("team", "a"));

        List<RenderedObject> objs = render(options);

        RenderedObject deploy = objs.get(1);
        assertThat(deploy.object().key().toString()).isEqualTo("Deployment.apps/shop/pre-web-suf");
        assertThat(deploy.object().at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.local:5000/nginx:1.27");
        assertThat(deploy.object().at("/spec/selector/matchLabels/team").asText()).isEqualTo("a");
        assertThat(objs.get(0).object().labels()).containsEntry("team", "a");
        assertThat(root).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("gitops-kustomize"));
        assertThat(app).isDirectoryNotContaining(p -> !p.getFileName().toString().matches("kustomization.yaml|deploy.yaml"));
    }

    @Test
    void aFailingBuildReportsTheToolsWholeErrorOutput() throws Exception {
        Files.writeString(app.resolve("kustomization.yaml"), "resources: [deploy.yaml, missing.yaml]\n");

        assertThatThrownBy(() -> render(KustomizeOptions.defaults()))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("kustomize build apps/web: ")
                .hasMessageContaining("failed (exit 1)")
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void unknownOptionsAreRefused() {
        assertThatThrownBy(() -> KustomizeOptions.defaults().withBuild(false, "LoadAnything", List.of()))
                .isInstanceOf(RenderException.class).hasMessageContaining("loadRestrictor: unknown value 'LoadAnything'");
        assertThatThrownBy(() -> KustomizeOptions.defaults().withImages(List.of("=x")))
                .isInstanceOf(RenderException.class).hasMessageContaining("cannot read '=x'");
    }

    @Test
    void imageOverridesReadArgoCdNotation() {
        assertThat(KustomizeImage.parse("nginx:1.2")).isEqualTo(new KustomizeImage("nginx", "", "1.2", ""));
        assertThat(KustomizeImage.parse("host:5000/a/b")).isEqualTo(new KustomizeImage("host:5000/a/b", "", "", ""));
        assertThat(KustomizeImage.parse("a=b@sha256:abc")).isEqualTo(new KustomizeImage("a", "b", "", "sha256:abc"));
    }

    @Test
    void theCacheKnowsTheToolByItsFileWithoutRunningIt() throws Exception {
        // a kustomize stand-in that counts its runs: the cache key must not cost one
        Path runs = root.resolve("runs");
        Path exe = root.resolve("bin/kustomize");
        Files.createDirectories(exe.getParent());
        Files.writeString(exe, "#!/bin/sh\necho run >> '" + runs + "'\necho v5.9.9\n");
        exe.toFile().setExecutable(true);
        KustomizeOptions options = new KustomizeOptions(Optional.of(exe), false, "", List.of(), List.of(), "", "", "", Map.of(), Map.of(),
                null, KustomizeEdits.none(), "");

        String identity = new KustomizeRenderer(options).toolIdentity();
        assertThat(runs).doesNotExist();
        assertThat(identity).contains(exe.toRealPath().toString());

        // another binary at the same path (an upgrade) is another tool
        Files.writeString(exe, "#!/bin/sh\necho run >> '" + runs + "'\necho v6.0.0-upgraded\n");
        Files.setLastModifiedTime(exe, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(new KustomizeRenderer(options).toolIdentity()).isNotEqualTo(identity);
        assertThat(runs).doesNotExist();
    }

    @Test
    void toolVersionComesFromTheBinary() {
        assertThat(new KustomizeRenderer(KustomizeOptions.defaults()).toolVersion()).matches("v?\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void kustomizeRunsWithARoomierGoHeapUnlessTheAgentSaysOtherwise() throws Exception {
        Path fake = root.resolve("fake-kustomize");
        Files.writeString(fake, """
                #!/bin/sh
                printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: env}\\ndata: {gogc: "%s", memlimit: "%s"}\\n' "$GOGC" "$GOMEMLIMIT"
                """);
        assertThat(fake.toFile().setExecutable(true)).isTrue();

        RenderedObject env = render(KustomizeOptions.defaults().withBinary(fake)).get(0);

        String inherited = System.getenv("GOGC");
        String expected = inherited != null ? inherited : System.getenv("GOMEMLIMIT") != null ? "" : "200";
        assertThat(env.object().at("/data/gogc").asText()).isEqualTo(expected);
        assertThat(KustomizeRenderer.goRuntime(Map.of())).isEqualTo(Map.of("GOGC", "200"));
        assertThat(KustomizeRenderer.goRuntime(Map.of("GOGC", "off"))).isEmpty();
        assertThat(KustomizeRenderer.goRuntime(Map.of("GOMEMLIMIT", "1GiB"))).isEmpty();
    }
}
