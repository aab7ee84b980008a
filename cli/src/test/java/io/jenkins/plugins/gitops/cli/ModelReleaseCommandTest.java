package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.testkit.modelregistry.ModelRegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
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
}
