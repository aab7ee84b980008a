package io.jenkins.plugins.gitops.image.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden tests: each target edits a file full of comments, anchors, flow style and odd quoting;
 * the expected text differs from the input only in the changed values. Every case runs with LF
 * and with CRLF line ends.
 */
class WriteTargetGoldenTest {

    @TempDir
    Path root;

    static final Desired.Image NGINX = new Desired.Image(ImageReference.parse("nginx:1.27.1"), "flux-system:nginx");

    private String run(String file, String input, WriteTarget target, Desired desired, boolean crlf) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, crlf ? input.replace("\n", "\r\n") : input);
        List<FileEditor.FileChange> changes = FileEditor.plan(root, List.of(new FileEditor.Assignment(target, desired)));
        FileEditor.write(root, changes);
        String out = Files.readString(p);
        return crlf ? out.replace("\r\n", "\n") : out;
    }

    private void assertCrlfKept(String file) throws IOException {
        String out = Files.readString(root.resolve(file));
        assertThat(out.replace("\r\n", "")).doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void kustomizationUpdatesExistingEntry(boolean crlf) throws IOException {
        String in = """
                # app overlay
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [deployment.yaml, service.yaml]   # flow list
                images:
                  - name: nginx   # the web server
                    newTag: '1.25.0'  # pinned
                  - {name: redis, newTag: "7.0"}
                labels: &l {app: web}
                commonAnnotations: *l
                """;
        String out = run("app/kustomization.yaml", in, new KustomizationTarget("app"), NGINX, crlf);
        assertThat(out).isEqualTo(in.replace("'1.25.0'", "'1.27.1'"));
        if (crlf) {
            assertCrlfKept("app/kustomization.yaml");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void kustomizationAddsMissingEntryAndKey(boolean crlf) throws IOException {
        String in = """
                resources:
                - deployment.yaml
                images:
                - name: redis
                  newName: my/redis # mirror
                """;
        Desired redis = new Desired.Image(ImageReference.parse("redis:7.2@sha256:" + "a".repeat(64)), null);
        String out = run("kustomization.yaml", in, new KustomizationTarget("."), redis, crlf);
        assertThat(out).isEqualTo(in.replace("my/redis # mirror\n", "my/redis # mirror\n  newTag: \"7.2\"\n  digest: sha256:" + "a".repeat(64) + "\n"));
        String out2 = run("kustomization.yaml", out, new KustomizationTarget("."), NGINX, crlf);
        assertThat(out2).isEqualTo(out + "- name: nginx\n  newTag: 1.27.1\n");
    }

    @Test
    void kustomizationWithoutImagesGetsTheList() throws IOException {
        String in = "resources:\n- a.yaml  # x\n";
        String out = run("kustomization.yaml", in, new KustomizationTarget("."), NGINX, false);
        assertThat(out).isEqualTo("resources:\n- a.yaml  # x\nimages:\n- name: nginx\n  newTag: 1.27.1\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void helmValuesKeyPathsKeepEverythingElse(boolean crlf) throws IOException {
        String in = """
                # values
                defaults: &defaults
                  pullPolicy: IfNotPresent
                image:
                  <<: *defaults
                  repository: docker.io/library/nginx   # upstream
                  tag: "1.25.0"            # bumped by CI
                sidecars: [{name: log, image: {tag: v1}}]
                images:
                  - tag: 1.0   # a float to YAML!
                """;
        String out = run("values.yaml", in, new HelmValuesTarget("values.yaml", KeyPath.parse("image.tag"), null), NGINX, crlf);
        assertThat(out).isEqualTo(in.replace("\"1.25.0\"", "\"1.27.1\""));
        Desired v110 = new Desired.Image(ImageReference.parse("nginx:1.10"), null);
        String out2 = run("values.yaml", out, new HelmValuesTarget("values.yaml", KeyPath.parse("images[0].tag"), null), v110, crlf);
        // 1.10 plain would read back as the float 1.1: it gets quotes.
        assertThat(out2).isEqualTo(out.replace("tag: 1.0 ", "tag: \"1.10\" "));
        Desired v2 = new Desired.Image(ImageReference.parse("nginx:v2"), null);
        String out3 = run("values.yaml", out2, new HelmValuesTarget("values.yaml", KeyPath.parse("sidecars[name=log].image.tag"), null), v2, crlf);
        assertThat(out3).isEqualTo(out2.replace("{tag: v1}", "{tag: v2}"));
    }

    @Test
    void helmValuesMissingKeyPathIsAnErrorAndNothingIsWritten() throws IOException {
        String in = "image:\n  tag: 1.0.0\n";
        assertThatThrownBy(() -> run("values.yaml", in, new HelmValuesTarget("values.yaml", KeyPath.parse("image.tags"), null), NGINX, false))
                .isInstanceOf(ImageUpdateException.class).hasMessage("values.yaml: key path image.tags does not exist");
        assertThat(Files.readString(root.resolve("values.yaml"))).isEqualTo(in);
    }

    @Test
    void notYamlIsAClearError() throws IOException {
        assertThatThrownBy(() -> run("values.yaml", "image: [\n  tag: {", new HelmValuesTarget("values.yaml", KeyPath.parse("image.tag"), null), NGINX, false))
                .isInstanceOf(ImageUpdateException.class).hasMessageStartingWith("values.yaml:").hasMessageContaining("not valid YAML");
    }

    @Test
    void aliasIsRefusedWithTheAnchorLine() throws IOException {
        String in = "base: &t 1.0.0\nimage:\n  tag: *t\n";
        assertThatThrownBy(() -> run("values.yaml", in, new HelmValuesTarget("values.yaml", KeyPath.parse("image.tag"), null), NGINX, false))
                .hasMessage("values.yaml:3: image.tag is an alias of the anchor at line 1; change the anchor or the alias by hand, not both silently");
    }

    @Test
    void anchoredScalarKeepsItsAnchor() throws IOException {
        String in = "image:\n  tag: &t 1.0.0 # anchored\nother: *t\n";
        String out = run("values.yaml", in, new HelmValuesTarget("values.yaml", KeyPath.parse("image.tag"), null), NGINX, false);
        assertThat(out).isEqualTo("image:\n  tag: &t 1.27.1 # anchored\nother: *t\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fluxSettersAndOurMarker(boolean crlf) throws IOException {
        String in = """
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: docker.io/library/nginx:1.25.0 # {"$imagepolicy": "flux-system:nginx"}
                        env: [{name: TAG, value: "1.25.0"}]
                      - name: side
                        image: "nginx:1.25.0"
                ---
                # another document
                nginxTag: 1.25.0 # {"$imagepolicy": "flux-system:nginx:tag"}
                nginxName: nginx # {"$imagepolicy": "flux-system:nginx:name"}
                """;
        String out = run("deploy.yaml", in, new MarkerTarget("deploy.yaml"), NGINX, crlf);
        assertThat(out).isEqualTo(in.replace("docker.io/library/nginx:1.25.0 #", "docker.io/library/nginx:1.27.1 #")
                .replace("nginxTag: 1.25.0", "nginxTag: 1.27.1"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void markerSetsAnyValueSuchAsAModelUri(boolean crlf) throws IOException {
        String in = """
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata: {name: sklearn-iris}
                spec:
                  predictor:
                    model:
                      modelFormat: {name: sklearn}
                      storageUri: 's3://models/iris/v7' # {"$gitops": "iris-model"}
                """;
        String out = run("isvc.yaml", in, new MarkerTarget("isvc.yaml"), new Desired.Value("iris-model", "s3://models/iris/v8"), crlf);
        assertThat(out).isEqualTo(in.replace("iris/v7", "iris/v8"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void containerImagesInPlainManifestsMatchedByName(boolean crlf) throws IOException {
        String in = """
                apiVersion: v1
                kind: Pod
                spec:
                  initContainers: [{name: init, image: busybox:1.36}]
                  containers:
                  - name: web
                    image: nginx:1.25.0   # web
                  - name: proxy
                    image: "docker.io/library/nginx@sha256:%s"
                  - name: other
                    image: ghcr.io/acme/nginx:1.0
                """.formatted("b".repeat(64));
        String out = run("pod.yaml", in, new ManifestImageTarget("pod.yaml"), NGINX, crlf);
        assertThat(out).isEqualTo(in.replace("image: nginx:1.25.0 ", "image: nginx:1.27.1 ")
                .replace("\"docker.io/library/nginx@sha256:" + "b".repeat(64) + "\"", "\"docker.io/library/nginx:1.27.1\""));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void argoApplicationKustomizeImagesAndHelmParameters(boolean crlf) throws IOException {
        String in = """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: web   # app
                spec:
                  sources:
                  - repoURL: https://example.com/repo.git
                    kustomize:
                      images: ["web=nginx:1.25.0", redis:7]
                  - repoURL: https://charts.example.com
                    helm:
                      parameters:
                      - name: image.tag
                        value: "1.25.0"   # set by CI
                """;
        String out = run("app.yaml", in, new ArgoApplicationTarget("app.yaml", null), NGINX, crlf);
        assertThat(out).isEqualTo(in.replace("\"web=nginx:1.25.0\"", "\"web=nginx:1.27.1\""));
        String out2 = run("app.yaml", out, new ArgoApplicationTarget("app.yaml", "image.tag"), NGINX, crlf);
        assertThat(out2).isEqualTo(out.replace("value: \"1.25.0\"", "value: \"1.27.1\""));
    }

    @Test
    void argoSourceFileIsCreatedThenUpdated() throws IOException {
        ArgoSourceTarget target = new ArgoSourceTarget("apps/web", "web", null);
        FileEditor.write(root, FileEditor.plan(root, List.of(new FileEditor.Assignment(target, NGINX))));
        Path file = root.resolve("apps/web/.argocd-source-web.yaml");
        assertThat(Files.readString(file)).isEqualTo("kustomize:\n  images:\n  - nginx:1.27.1\n");
        Desired next = new Desired.Image(ImageReference.parse("nginx:1.28.0"), null);
        FileEditor.write(root, FileEditor.plan(root, List.of(new FileEditor.Assignment(target, next))));
        assertThat(Files.readString(file)).isEqualTo("kustomize:\n  images:\n  - nginx:1.28.0\n");

        ArgoSourceTarget helm = new ArgoSourceTarget("apps/api", "api", "image.tag");
        FileEditor.write(root, FileEditor.plan(root, List.of(new FileEditor.Assignment(helm, NGINX))));
        assertThat(Files.readString(root.resolve("apps/api/.argocd-source-api.yaml")))
                .isEqualTo("helm:\n  parameters:\n  - name: image.tag\n    value: 1.27.1\n    forcestring: true\n");
    }

    @Test
    void nothingToChangeGivesNoFileChange() throws IOException {
        Files.writeString(root.resolve("values.yaml"), "image:\n  tag: 1.27.1\n");
        assertThat(FileEditor.plan(root, List.of(new FileEditor.Assignment(
                new HelmValuesTarget("values.yaml", KeyPath.parse("image.tag"), null), NGINX)))).isEmpty();
    }

    @Test
    void changesReportFileLineOldAndNew() throws IOException {
        Files.writeString(root.resolve("values.yaml"), "# c\nimage:\n  tag: 1.0.0\n");
        var changes = FileEditor.plan(root, List.of(new FileEditor.Assignment(
                new HelmValuesTarget("values.yaml", KeyPath.parse("image.tag"), null), NGINX)));
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.changes()).containsExactly(
                new ValueChange("nginx", "values.yaml", 3, "image.tag", "1.0.0", "1.27.1")));
    }
}
