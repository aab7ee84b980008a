package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SyncCommandsTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void diffSyncHistoryRollbackAgainstTheEmulator() throws Exception {
        try (KubeEmulator kube = KubeEmulator.start()) {
            Path kubeconfig = kube.writeKubeconfig(dir.resolve("kubeconfig"));
            Path v1 = Files.writeString(dir.resolve("v1.yaml"), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: web}
                    data: {color: blue}
                    """);
            Path v2 = Files.writeString(dir.resolve("v2.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {color: red}\n");
            String[] common = {"--app", "web", "--kubeconfig", kubeconfig.toString()};

            Run noHistory = run(new SyncCommands.Diff(), concat(common, "--last-applied"));
            assertThat(noHistory.code()).isEqualTo(2);
            assertThat(noHistory.err()).contains("app web has no sync history to compare with");

            Run diff = run(new SyncCommands.Diff(), concat(common, "--manifests", v1.toString()));
            assertThat(diff.code()).as(diff.err()).isEqualTo(1);
            assertThat(diff.out()).contains("created").contains("ConfigMap/default/web");

            Run sync = run(new SyncCommands.Sync(), concat(common, "--manifests", v1.toString(), "--output", "json"));
            assertThat(sync.code()).as(sync.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(sync.out());
            assertThat(json.path("created").asInt()).isEqualTo(1);
            assertThat(json.path("configured").asInt()).isZero();
            assertThat(json.path("unchanged").asInt()).isZero();
            assertThat(json.path("pruned").asInt()).isZero();
            assertThat(json.path("failed").asInt()).isZero();
            assertThat(json.path("writes").asLong()).isPositive();
            assertThat(json.has("apiCalls") && json.has("durationMs")).isTrue();

            assertThat(run(new SyncCommands.Diff(), concat(common, "--manifests", v1.toString())).code()).isZero();
            assertThat(run(new SyncCommands.Diff(), concat(common, "--last-applied")).code()).as("no drift").isZero();
            kube.apply(io.jenkins.plugins.gitops.testkit.kube.Json.readObject("""
                    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web","namespace":"default"},"data":{"color":"green"}}"""),
                    "kubectl-edit");
            Run drift = run(new SyncCommands.Diff(), concat(common, "--last-applied"));
            assertThat(drift.code()).as(drift.err()).isEqualTo(1);
            assertThat(drift.out()).contains("-  color: green").contains("+  color: blue");
            assertThat(run(new SyncCommands.Sync(), concat(common, "--manifests", v1.toString())).code()).as("Git wins").isZero();
            Run changed = run(new SyncCommands.Diff(), concat(common, "--manifests", v2.toString()));
            assertThat(changed.code()).isEqualTo(1);
            assertThat(changed.out()).contains("-  color: blue").contains("+  color: red");

            assertThat(run(new SyncCommands.Sync(), concat(common, "--manifests", v2.toString())).code()).isZero();
            Run history = run(new SyncCommands.History(), concat(common, "--output", "json"));
            assertThat(new ObjectMapper().readTree(history.out())).hasSize(3);

            Run back = run(new SyncCommands.Rollback(), concat(common, "--output", "json"));
            assertThat(back.code()).as(back.err()).isZero();
            assertThat(new ObjectMapper().readTree(back.out()).path("configured").asInt()).isEqualTo(1);
            assertThat(run(new SyncCommands.Diff(), concat(common, "--manifests", v1.toString())).code()).isZero();

            Run bad = run(new SyncCommands.Diff(), concat(common, "--manifests", dir.resolve("missing.yaml").toString()));
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).contains("missing.yaml");
        }
    }

    /** Argo CD releases a chart under the Application's name: so does sync --repo, unless --release names another. */
    @Test
    void aChartFromARepositoryIsReleasedUnderTheAppNameOrTheGivenRelease() throws Exception {
        Path repo = dir.resolve("charts");
        try (var git = io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder.init(repo)) {
            git.write("web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
                    .write("web/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
                            + "data:\n  ns: {{ .Release.Namespace }}\n")
                    .commit("chart");
        }
        try (KubeEmulator kube = KubeEmulator.start()) {
            Path kubeconfig = kube.writeKubeconfig(dir.resolve("kubeconfig"));
            String[] common = {"--repo", repo.toString(), "--path", "web", "--kubeconfig", kubeconfig.toString(), "-n", "shop", "--create-namespace"};

            Run byApp = run(new SyncCommands.Sync(), concat(common, "--app", "guestbook"));
            Run byRelease = run(new SyncCommands.Sync(), concat(common, "--app", "other", "--release", "prod-web"));

            assertThat(byApp.code()).as(byApp.out() + byApp.err()).isZero();
            assertThat(byApp.out()).contains("ConfigMap/shop/guestbook").doesNotContain("release-name");
            assertThat(byRelease.code()).as(byRelease.out() + byRelease.err()).isZero();
            assertThat(byRelease.out()).contains("ConfigMap/shop/prod-web");
            try (var client = kube.client()) {
                assertThat(client.configMaps().inNamespace("shop").withName("guestbook").get().getData()).containsEntry("ns", "shop");
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
