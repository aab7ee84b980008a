package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gitops run}: the README's main job, render, sync and wait, into the embedded emulator. */
class RunCommandTest {

    @Test
    void rendersSyncsAndWaitsForTheExampleApp(@TempDir Path dir) throws Exception {
        assumeTrue(Kubectl.find().isPresent(), "skipped: kubectl (for kustomize) is not on PATH");
        Path example = Path.of("..", "examples", "apps", "hello").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(example), "skipped: examples/apps/hello is not beside the cli module");
        Path repo = dir.resolve("repo");
        try (GitRepoBuilder git = GitRepoBuilder.init(repo); var files = Files.list(example)) {
            for (Path f : files.toList()) {
                git.write("apps/hello/" + f.getFileName(), Files.readString(f));
            }
            git.commit("hello app");
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GitopsCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("run", "--repo", repo.toString(), "--path", "apps/hello", "--app", "hello", "--output", "json");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(json.at("/render/objectCount").asInt()).isEqualTo(5);
        assertThat(json.at("/sync/status").asText()).isEqualTo("Succeeded");
        assertThat(json.at("/sync/created").asInt()).isEqualTo(5);
        assertThat(json.at("/wait/healthy").asBoolean()).isTrue();
    }

    @Test
    void badTimeoutIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = GitopsCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("run", "--repo", ".", "--app", "x", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("soon");
    }
}
