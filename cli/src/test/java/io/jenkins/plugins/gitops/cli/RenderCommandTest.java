package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RenderCommandTest {

    @TempDir
    Path tmp;

    @Test
    void rendersAFolderToAFileAndPrintsAJsonSummary() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("repo/app"));
        Files.writeString(app.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RenderCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        int code = cli.execute("--repo", tmp.resolve("repo").toString(), "--path", "app", "--tool", "directory",
                "--out", tmp.resolve("out.yaml").toString(), "--output", "json", "--cache-dir", tmp.resolve("cache").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"objects\":1").contains("\"digest\":\"sha256:").contains("\"cacheHit\":false");
        assertThat(tmp.resolve("out.yaml")).content().contains("kind: ConfigMap");
    }

    @Test
    void errorsGoToStandardErrorWithExitCode1() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RenderCommand()).setErr(new PrintWriter(err));

        int code = cli.execute("--repo", tmp.toString(), "--path", "nope", "--cache-dir", tmp.resolve("cache").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("gitops render: ").contains("path 'nope' not found");
    }
}
