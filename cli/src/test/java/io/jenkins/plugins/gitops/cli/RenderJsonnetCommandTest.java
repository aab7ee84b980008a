package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gitops render --tool jsonnet|auto} with ext vars, top-level arguments and library paths. */
class RenderJsonnetCommandTest {

    @TempDir
    Path tmp;

    @Test
    void extVarsTlasAndLibsReachTheEvaluation() throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("app"));
        Files.createDirectories(repo.resolve("vendor"));
        Files.writeString(repo.resolve("vendor/cm.libsonnet"), "{ cm(n, d):: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n }, data: d } }\n");
        Files.writeString(repo.resolve("app/main.jsonnet"), "local k = import 'cm.libsonnet';\n"
                + "function(name, size) [k.cm(name, { env: std.extVar('env'), size: std.toString(size * std.extVar('factor')) })]\n");
        for (String tool : new String[] {"jsonnet", "auto"}) {
            Path out = tmp.resolve(tool + ".yaml");
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new RenderCommand()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));

            int code = cli.execute("--repo", repo.toString(), "--path", "app", "--tool", tool, "--ext-var", "env=prod", "--ext-code", "factor=10",
                    "--tla", "name=web", "--tla-code", "size=2 + 1", "--jsonnet-lib", "vendor", "--out", out.toString(), "--output", "json",
                    "--cache-dir", tmp.resolve("cache").toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(out).content().contains("name: web").contains("env: prod").contains("size: '30'");
        }
    }
}
