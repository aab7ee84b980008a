package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.testkit.modelregistry.ModelRegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelReleaseCommandTest {

    @Test
    void printsTheNewestPromotedVersionAsBuildParameters() throws Exception {
        try (ModelRegistryServer registry = ModelRegistryServer.start()) {
            registry.register("fraud", "v1", "s3://models/fraud/1", "onnx", Map.of("stage", "production"));
            registry.register("fraud", "v2", "s3://models/fraud/2", "onnx", Map.of("stage", "staging"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = GitopsCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

            int code = cli.execute("model-release", "--registry", registry.url(), "--model", "fraud", "--property", "stage=production",
                    "--output", "env");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("MODEL_NAME=fraud\n", "MODEL_VERSION=v1\n", "MODEL_URI=s3://models/fraud/1\n", "MODEL_FORMAT=onnx\n");

            int none = cli.execute("model-release", "--registry", registry.url(), "--model", "fraud", "--version-pattern", "v9");
            assertThat(none).isEqualTo(1);
            assertThat(err.toString()).contains("model-release: model 'fraud': no version is LIVE, name matching 'v9'");
        }
    }

    /** The examples' model server, end to end: registry release → marker edit in Git → render shows the new URI. */
    @Test
    void theExampleModelServerTakesThePromotedModelUri(@TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jenkins.plugins.gitops.testkit.tools.Kubectl.find().isPresent(), "no kubectl");
        Path example = Path.of("..", "examples", "apps", "fraud-model").toAbsolutePath().normalize();
        Path bare = tmp.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path seed = tmp.resolve("seed");
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call(); var files = Files.list(example)) {
            Files.createDirectories(seed.resolve("apps/fraud-model"));
            for (Path f : files.toList()) {
                Files.copy(f, seed.resolve("apps/fraud-model").resolve(f.getFileName()));
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("s", "s@x").setCommitter("s", "s@x").call();
            git.push().setRemote(bare.toUri().toString()).add("HEAD:refs/heads/main").call();
        }
        try (ModelRegistryServer registry = ModelRegistryServer.start()) {
            registry.register("fraud-detector", "v2", "s3://models/fraud-detector/v2", "onnx", Map.of("stage", "production"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = GitopsCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
            assertThat(cli.execute("model-release", "--registry", registry.url(), "--model", "fraud-detector", "--property", "stage=production",
                    "--output", "env")).as(err.toString()).isZero();
            String uri = out.toString().lines().filter(l -> l.startsWith("MODEL_URI=")).findFirst().orElseThrow().substring(10);

            assertThat(cli.execute("image-update", "--repo", bare.toUri().toString(), "--app", "fraud-detector",
                    "--set-value", "fraud-model-uri=" + uri, "--value-target", "marker:apps/fraud-model/inferenceservice.yaml"))
                    .as(err.toString()).isZero();
            Path rendered = tmp.resolve("rendered.yaml");
            assertThat(cli.execute("render", "--repo", bare.toUri().toString(), "--revision", "main", "--path", "apps/fraud-model",
                    "--out", rendered.toString())).as(err.toString()).isZero();
            assertThat(Files.readString(rendered)).contains("storageUri: s3://models/fraud-detector/v2", "kind: InferenceService", "namespace: ml-serving");
        }
    }
}
