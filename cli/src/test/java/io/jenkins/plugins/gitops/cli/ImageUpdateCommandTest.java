package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.testkit.git.GitServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImageUpdateCommandTest {

    @TempDir
    Path tmp;

    private Path seedRemote() throws Exception {
        return seedRemote("ghcr.io/acme/web");
    }

    /** A kustomization whose manifests run {@code image}: an update must show in its render to be pushed. */
    private Path seedRemote(String image) throws Exception {
        Path bare = tmp.resolve("remote.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path seed = tmp.resolve("seed");
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(seed.resolve("app"));
            Files.writeString(seed.resolve("app/kustomization.yaml"), "resources: [pod.yaml]\nimages:\n- name: " + image + "\n  newTag: v1\n");
            Files.writeString(seed.resolve("app/pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n"
                    + "  - {name: web, image: '" + image + ":v1'}\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("s", "s@x").setCommitter("s", "s@x").call();
            git.push().setRemote(bare.toUri().toString()).add("HEAD:refs/heads/main").call();
        }
        return bare;
    }

    @Test
    void explicitTagToKustomizationWithJsonOutput() throws Exception {
        Path bare = seedRemote();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ImageUpdateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cli.execute("--repo", bare.toUri().toString(), "--branch", "main", "--app", "web", "--output", "json",
                "--image", "ghcr.io/acme/web", "--tag", "v2", "--no-verify", "--target", "kustomization:app");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"pushed\":true", "\"old\":\"v1\"", "\"new\":\"v2\"", "\"file\":\"app/kustomization.yaml\"");

        int bad = cli.execute("--repo", bare.toUri().toString(), "--image", "ghcr.io/acme/web", "--strategy", "semver",
                "--constraint", ">=x", "--target", "kustomization:app");
        assertThat(bad).isEqualTo(1);
        assertThat(err.toString()).contains("image-update: semver constraint '>=x' does not parse");
    }

    @Test
    void platformsSkipATagWhoseManifestLacksOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jenkins.plugins.gitops.testkit.registry.OciRegistry.available(), "no docker-registry");
        try (var registry = io.jenkins.plugins.gitops.testkit.registry.OciRegistry.start()) {
            Path bare = seedRemote(registry.host() + "/acme/web");
            java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
            registry.pushIndex("acme/web", "1.0.0", io.jenkins.plugins.gitops.testkit.registry.OciRegistry.platforms("linux/amd64", t0, "linux/arm64", t0));
            registry.push("acme/web", "1.1.0", t0); // amd64 only
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = new CommandLine(new ImageUpdateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("--repo", bare.toUri().toString(), "--output", "json", "--insecure-registry", registry.host(),
                            "--image", registry.host() + "/acme/web", "--strategy", "semver", "--platforms", "linux/arm64",
                            "--target", "kustomization:app");
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("\"new\":\"1.0.0\"").doesNotContain("1.1.0\"");
        }
    }

    @Test
    void gitUsernameAndPasswordAuthenticateThePushOverHttp() throws Exception {
        Path bare = seedRemote();
        String secret = "cli-Pu5h-secret";
        try (GitServer server = GitServer.start().requireLogin("ci", secret)) {
            String url = server.serve("gitops", bare);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = new CommandLine(new ImageUpdateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("--repo", url, "--git-username", "ci", "--git-password", secret,
                            "--image", "ghcr.io/acme/web", "--tag", "v3", "--no-verify", "--target", "kustomization:app");
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("pushed ");
            assertThat(server.pushes()).isEqualTo(1);

            StringWriter err2 = new StringWriter();
            int refused = new CommandLine(new ImageUpdateCommand()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err2))
                    .execute("--repo", url, "--git-username", "ci", "--git-password", "wrong-" + secret,
                            "--image", "ghcr.io/acme/web", "--tag", "v4", "--no-verify", "--target", "kustomization:app");
            assertThat(refused).isEqualTo(1);
            assertThat(err2.toString()).contains("image-update: " + url + " (branch main): authentication refused")
                    .doesNotContain(secret);
            assertThat(server.pushes()).isEqualTo(1);
        }
    }
}
