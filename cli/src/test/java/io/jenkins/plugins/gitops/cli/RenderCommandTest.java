package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
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
        assertThat(out.toString()).contains("\"objectCount\":1").contains("\"digest\":\"sha256:").contains("\"cacheHit\":false");
        assertThat(tmp.resolve("out.yaml")).content().contains("kind: ConfigMap");
    }

    @Test
    void shallowRendersABranchFromADepthOneMirrorAndSaysWhenItFallsBack() throws Exception {
        try (GitServer server = GitServer.start(); GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("origin"))) {
            String first = null;
            for (int i = 0; i < 20; i++) {
                String sha = repo.write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {n: \"" + i + "\"}\n")
                        .commit("c" + i);
                first = first == null ? sha : first;
            }
            String url = server.serve("r", repo.gitDir());
            Path cache = tmp.resolve("cache");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new RenderCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

            int code = cli.execute("--repo", url, "--revision", "main", "--path", "app", "--shallow", "--output", "json",
                    "--cache-dir", cache.toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("\"objectCount\":1");
            assertThat(server.objectsSent()).isLessThan(10);
            assertThat(cache).isDirectoryRecursivelyContaining("glob:**/shallow.git")
                    .isDirectoryNotContaining("glob:**/mirror.git");
            assertThat(err.toString()).isEmpty();

            code = cli.execute("--repo", url, "--revision", first.substring(0, 9), "--path", "app", "--shallow", "--output", "json",
                    "--cache-dir", cache.toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("\"revision\":\"" + first + "\"");
            assertThat(err.toString()).startsWith("gitops render: " + url).contains("abbreviated SHA").contains("full history");
        }
    }

    @Test
    void argoCdKustomizeOverridesFromTheCommandLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jenkins.plugins.gitops.testkit.tools.Kubectl.find().isPresent(), "no kubectl");
        Path app = Files.createDirectories(tmp.resolve("repo/app"));
        Files.writeString(app.resolve("kustomization.yaml"), "resources: [deploy.yaml]\n");
        Files.writeString(app.resolve("deploy.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx:1.25}]}
                """);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RenderCommand()).setErr(new PrintWriter(err));

        int code = cli.execute("--repo", tmp.resolve("repo").toString(), "--path", "app", "--image", "nginx=registry.local/nginx:1.27",
                "--name-prefix", "team-", "--kustomize-namespace", "shop", "--common-label", "owner=ml",
                "--out", tmp.resolve("out.yaml").toString(), "--cache-dir", tmp.resolve("cache").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(tmp.resolve("out.yaml")).content().contains("name: team-web", "namespace: shop", "image: registry.local/nginx:1.27",
                "owner: ml");
        assertThat(new CommandLine(new RenderCommand()).setErr(new PrintWriter(err)).execute("--repo", tmp.resolve("repo").toString(),
                "--image", "=bad")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read '=bad'");
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
