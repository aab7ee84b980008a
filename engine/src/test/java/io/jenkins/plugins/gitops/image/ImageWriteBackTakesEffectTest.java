package io.jenkins.plugins.gitops.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.edit.HelmValuesTarget;
import io.jenkins.plugins.gitops.image.edit.KeyPath;
import io.jenkins.plugins.gitops.image.edit.KustomizationTarget;
import io.jenkins.plugins.gitops.image.edit.ManifestImageTarget;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.image.edit.WriteTarget;
import io.jenkins.plugins.gitops.image.writeback.GitWriteOptions;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import io.jenkins.plugins.gitops.testkit.registry.OciRegistry;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image update is pushed only when a render of the edited tree shows the new image: against a
 * real registry (Debian's docker-registry) and a real smart-HTTP Git server, rendering with kubectl's
 * kustomize and helm-java.
 */
class ImageWriteBackTakesEffectTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: trainer}
            spec:
              selector: {matchLabels: {app: trainer}}
              template:
                metadata: {labels: {app: trainer}}
                spec:
                  containers:
                  - name: trainer
                    image: trainer:v1
            """;

    @TempDir
    Path tmp;
    Path bare;
    GitServer server;
    OciRegistry registry;
    String url;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() {
        assumeTrue(OciRegistry.available(), "skipped: /usr/bin/docker-registry missing (apt-get install -y docker-registry)");
        registry = OciRegistry.start();
        for (String t : List.of("v1", "v2")) {
            registry.push("ml/trainer", t, Instant.parse("2026-01-01T00:00:00Z"));
        }
        server = GitServer.start().requireLogin("ci", "pw");
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private String image() {
        return registry.host() + "/ml/trainer";
    }

    private void seed(Map<String, String> files) throws Exception {
        bare = tmp.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path work = tmp.resolve("seed");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            for (var e : files.entrySet()) {
                Path f = work.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue().replace("REGISTRY", registry.host()));
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("s", "s@example.com").setCommitter("s", "s@example.com").setSign(false).call();
            git.push().setRemote(bare.toUri().toString()).add("HEAD:refs/heads/main").call();
        }
        url = server.serve("gitops", bare);
    }

    private ImageUpdateResult update(WriteTarget target) {
        return updater().update(List.of(spec(target)), List.of(), git(), Map.of("app", "trainer"));
    }

    private ImageUpdatePlan plan(WriteTarget target) {
        return updater().plan(List.of(spec(target)), List.of(), git());
    }

    private ImageUpdater updater() {
        RegistryClient client = new RegistryClient(RegistryOptions.defaults().withHost(new RegistryHostConfig(registry.host(), true, null, null)));
        return new ImageUpdater(client, log::add);
    }

    /** Explicit mode, checked against the registry (the tag must exist). */
    private ImageSpec spec(WriteTarget target) {
        return new ImageSpec(ImageReference.parse(image() + ":v2"), null, null, List.of(target), true);
    }

    private GitWriteOptions git() {
        return GitWriteOptions.of(url, "main").withCredentials(GitCredentials.usernamePassword("ci", "pw"));
    }

    private String remoteFile(String path) throws Exception {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build(); RevWalk walk = new RevWalk(repo)) {
            var commit = walk.parseCommit(repo.resolve("refs/heads/main"));
            try (TreeWalk tw = TreeWalk.forPath(repo, path, commit.getTree())) {
                return new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private int commits() throws Exception {
        try (Git git = Git.open(bare.toFile())) {
            int n = 0;
            for (var c : git.log().call()) {
                n++;
            }
            return n;
        }
    }

    /** The case: an alias entry (name: trainer, newName: registry/ml/trainer) is the one edited, not a second entry. */
    @Test
    void theKustomizationEntryWhoseNewNameIsTheImageGetsTheNewTag() throws Exception {
        assumeTrue(Kubectl.find().isPresent(), "skipped: no kubectl (kustomize) on the PATH");
        String kustomization = "resources: [deployment.yaml]\nimages:\n- name: trainer\n  newName: REGISTRY/ml/trainer\n  newTag: v1\n";
        seed(Map.of("app/kustomization.yaml", kustomization, "app/deployment.yaml", DEPLOYMENT));

        ImageUpdatePlan preview = plan(new KustomizationTarget("app"));
        assertThat(preview.toMap()).containsEntry("pushed", false);
        assertThat(preview.changes()).extracting(ValueChange::oldValue, ValueChange::newValue).containsExactly(org.assertj.core.groups.Tuple.tuple("v1", "v2"));
        assertThat(commits()).as("a dry run commits nothing").isEqualTo(1);

        ImageUpdateResult r = update(new KustomizationTarget("app"));

        assertThat(r.writeBack().pushed()).isTrue();
        assertThat(remoteFile("app/kustomization.yaml"))
                .isEqualTo(kustomization.replace("REGISTRY", registry.host()).replace("newTag: v1", "newTag: v2"));
    }

    /** An entry the manifests do not use: the new entry would change nothing, so nothing is pushed and the error says why. */
    @Test
    void aKustomizationEditTheRenderDoesNotShowIsNotCommitted() throws Exception {
        assumeTrue(Kubectl.find().isPresent(), "skipped: no kubectl (kustomize) on the PATH");
        seed(Map.of("app/kustomization.yaml", "resources: [deployment.yaml]\nimages:\n- name: trainr\n  newName: REGISTRY/ml/other\n",
                "app/deployment.yaml", DEPLOYMENT));

        assertThatThrownBy(() -> update(new KustomizationTarget("app"))).isInstanceOf(ImageUpdateException.class)
                .hasMessage("app/kustomization.yaml: after the edit, no image in the kustomize build of app is " + image() + ":v2"
                        + " (the render's images: trainer:v1): the edit would change nothing that is deployed; nothing committed");
        assertThatThrownBy(() -> plan(new KustomizationTarget("app"))).as("a dry run says the same")
                .hasMessageContaining("the edit would change nothing that is deployed");
        assertThat(commits()).isEqualTo(1);
    }

    @Test
    void aHelmValueTheTemplatesReadIsPushedAndOneTheyIgnoreIsNot() throws Exception {
        String chart = "apiVersion: v2\nname: trainer\nversion: 0.1.0\n";
        String template = DEPLOYMENT.replace("image: trainer:v1", "image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"");
        String values = "image:\n  repository: REGISTRY/ml/trainer\n  tag: v1\n";
        seed(Map.of("charts/trainer/Chart.yaml", chart, "charts/trainer/templates/deployment.yaml", template,
                "charts/trainer/values.yaml", values, "charts/trainer/prod.yaml", "image:\n  tag: v1\n",
                "charts/fixed/Chart.yaml", chart, "charts/fixed/templates/deployment.yaml", DEPLOYMENT,
                "charts/fixed/values.yaml", values));

        ImageUpdateResult read = update(new HelmValuesTarget("charts/trainer/prod.yaml", KeyPath.parse("image.tag"), null));
        assertThat(read.writeBack().pushed()).isTrue();
        assertThat(remoteFile("charts/trainer/prod.yaml")).isEqualTo("image:\n  tag: v2\n");

        assertThatThrownBy(() -> update(new HelmValuesTarget("charts/fixed/values.yaml", KeyPath.parse("image.tag"), null)))
                .isInstanceOf(ImageUpdateException.class)
                .hasMessage("charts/fixed/values.yaml: after the edit, no image in the Helm render of charts/fixed is " + image() + ":v2"
                        + " (the render's images: trainer:v1): the edit would change nothing that is deployed; nothing committed");
        assertThat(commits()).isEqualTo(2);
    }

    /** A plain manifest whose image a kustomization overrides: editing the manifest changes nothing deployed. */
    @Test
    void aManifestEditThatAKustomizationOverridesIsNotCommitted() throws Exception {
        assumeTrue(Kubectl.find().isPresent(), "skipped: no kubectl (kustomize) on the PATH");
        String manifest = DEPLOYMENT.replace("image: trainer:v1", "image: REGISTRY/ml/trainer:v1");
        seed(Map.of("app/kustomization.yaml", "resources: [deployment.yaml]\nimages:\n- name: REGISTRY/ml/trainer\n  newTag: pinned\n",
                "app/deployment.yaml", manifest, "plain/deployment.yaml", manifest));

        assertThatThrownBy(() -> update(new ManifestImageTarget("app/deployment.yaml"))).isInstanceOf(ImageUpdateException.class)
                .hasMessage("app/deployment.yaml: after the edit, no image in the kustomize build of app is " + image() + ":v2"
                        + " (the render's images: " + image() + ":pinned): the edit would change nothing that is deployed; nothing committed");
        assertThat(commits()).isEqualTo(1);

        assertThat(update(new ManifestImageTarget("plain/deployment.yaml")).writeBack().pushed()).isTrue();
        assertThat(remoteFile("plain/deployment.yaml")).contains("image: " + image() + ":v2");
    }
}
