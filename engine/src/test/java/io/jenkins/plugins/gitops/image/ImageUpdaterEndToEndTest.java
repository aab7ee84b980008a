package io.jenkins.plugins.gitops.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.image.edit.Desired;
import io.jenkins.plugins.gitops.image.edit.FileEditor;
import io.jenkins.plugins.gitops.image.edit.HelmValuesTarget;
import io.jenkins.plugins.gitops.image.edit.KeyPath;
import io.jenkins.plugins.gitops.image.edit.MarkerTarget;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.image.policy.TagPolicy;
import io.jenkins.plugins.gitops.image.writeback.GitWriteOptions;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryCredentials;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.testkit.registry.OciRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry query, clone, edit, commit, push on loopback, in one commit. Its timing is in bench/ (Benchmarks image). */
class ImageUpdaterEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void semverUpdateLandsInOneCommit() throws Exception {
        assumeTrue(OciRegistry.authAvailable(), "skipped: /usr/bin/docker-registry or /usr/bin/htpasswd missing "
                + "(apt-get install -y docker-registry apache2-utils)");
        Path bare = tmp.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path seed = tmp.resolve("seed");
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call();
             OciRegistry registry = OciRegistry.start("ci", "pa55")) {
            String image = registry.host() + "/ml/serving";
            Files.writeString(seed.resolve("values.yaml"), "image:\n  repository: " + image + "\n  tag: \"1.0.0\" # CI\n");
            Files.writeString(seed.resolve("isvc.yaml"), "spec:\n  predictor:\n    model:\n      storageUri: s3://m/v1 # {\"$gitops\": \"model\"}\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("s", "s@x").setCommitter("s", "s@x").call();
            git.push().setRemote(bare.toUri().toString()).add("HEAD:refs/heads/main").call();
            for (String t : List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0")) {
                registry.push("ml/serving", t, Instant.parse("2026-01-01T00:00:00Z"));
            }
            RegistryClient client = new RegistryClient(RegistryOptions.defaults().withHost(
                    new RegistryHostConfig(registry.host(), true, null, new RegistryCredentials("ci", "pa55"))));
            ImageSpec spec = new ImageSpec(ImageReference.parse(image), TagPolicy.semver("^1.0"), null,
                    List.of(new HelmValuesTarget("values.yaml", KeyPath.parse("image.tag"), null)), false);
            FileEditor.Assignment model = new FileEditor.Assignment(new MarkerTarget("isvc.yaml"), new Desired.Value("model", "s3://m/v2"));
            ImageUpdateResult result = new ImageUpdater(client, s -> { }).update(List.of(spec), List.of(model),
                    GitWriteOptions.of(bare.toUri().toString(), "main"), Map.of("app", "serving"));
            assertThat(result.decisions()).singleElement().satisfies(d -> assertThat(d.chosen().tag()).contains("1.2.0"));
            assertThat(result.writeBack().pushed()).isTrue();
            assertThat(result.writeBack().changes()).extracting(ValueChange::newValue).containsExactly("1.2.0", "s3://m/v2");
        }
    }
}
