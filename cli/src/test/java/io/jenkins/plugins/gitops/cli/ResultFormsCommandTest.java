package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.render.RenderSummary;
import io.jenkins.plugins.gitops.sync.SyncResult;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --output json} prints each result's one form, the engine's {@code toMap()}: the same
 * fields the Jenkins steps return (they return that map, masked), for render, sync, wait, run
 * and apps.
 */
class ResultFormsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        }
    }

    private static Run gitops(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GitopsCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The keys of the engine's form, taken from the engine itself (what the plugin returns). */
    private static final List<String> RENDER = List.copyOf(new RenderSummary("", "", "", "", 0, "", "", false, "", 0).toMap().keySet());
    private static final List<String> SYNC = List.copyOf(new SyncResult("a", "", "", false, true, "", List.of(), 0, 0, 0, 0).toMap(true).keySet());
    private static final List<String> WAIT = List.copyOf(
            new WaitResult("a", WaitResult.Outcome.HEALTHY, "", List.of(), 0, Map.of()).toMap().keySet());

    @Test
    void renderSyncWaitRunAndAppsPrintTheEnginesForm() throws Exception {
        Path repo = tmp.resolve("repo");
        String sha;
        try (GitRepoBuilder git = GitRepoBuilder.init(repo)) {
            sha = git.write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {k: v}\n")
                    .write("apps/web.yaml", """
                            apiVersion: argoproj.io/v1alpha1
                            kind: Application
                            metadata: {name: site, namespace: argocd}
                            spec:
                              source: {repoURL: '%s', targetRevision: main, path: app}
                              destination: {server: 'https://kubernetes.default.svc', namespace: shop}
                              syncPolicy: {syncOptions: [CreateNamespace=true]}
                            """.formatted(repo))
                    .commit("app");
        }
        String cache = tmp.resolve("cache").toString();

        Run render = gitops("render", "--repo", repo.toString(), "--revision", "main", "--path", "app", "--tool", "directory",
                "--out", tmp.resolve("out.yaml").toString(), "--output", "json", "--cache-dir", cache);
        assertThat(render.code()).as(render.err()).isZero();
        assertThat(fields(render.json())).containsExactlyElementsOf(RENDER);
        assertThat(render.json().path("objectCount").asInt()).isEqualTo(1);
        assertThat(render.json().path("revision").asText()).isEqualTo(sha);
        assertThat(render.json().path("shortRevision").asText()).isEqualTo(sha.substring(0, 12));
        assertThat(render.json().path("path").asText()).isEqualTo("app");
        assertThat(render.json().path("manifests").asText()).isEqualTo(tmp.resolve("out.yaml").toString());

        try (KubeEmulator kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).start()) {
            String kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig")).toString();
            String manifests = tmp.resolve("out.yaml").toString();

            Run dryRun = gitops("sync", "--app", "web", "--kubeconfig", kubeconfig, "--manifests", manifests, "--dry-run", "--output", "json");
            Run sync = gitops("sync", "--app", "web", "--kubeconfig", kubeconfig, "--manifests", manifests, "--output", "json");
            assertThat(sync.code()).as(sync.err()).isZero();
            assertThat(fields(dryRun.json())).as("with diffs").containsExactlyElementsOf(SYNC);
            assertThat(fields(sync.json())).as("without diffs").containsExactlyElementsOf(SYNC);
            assertThat(dryRun.json().path("diff").asText()).contains("+data:");

            Run wait = gitops("wait", "--app", "web", "--kubeconfig", kubeconfig, "--timeout", "30s", "--output", "json");
            assertThat(wait.code()).as(wait.err()).isZero();
            assertThat(fields(wait.json())).containsExactlyElementsOf(WAIT);
            assertThat(wait.json().path("durationMs").isNumber()).isTrue();

            Run run = gitops("run", "--repo", repo.toString(), "--revision", "main", "--path", "app", "--app", "web",
                    "--kubeconfig", kubeconfig, "--output", "json");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(fields(run.json())).containsExactly("render", "sync", "wait");
            assertThat(fields(run.json().path("render"))).containsExactlyElementsOf(RENDER);
            assertThat(fields(run.json().path("sync"))).containsExactlyElementsOf(SYNC);
            assertThat(fields(run.json().path("wait"))).containsExactlyElementsOf(WAIT);

            Path root = Files.writeString(tmp.resolve("root.yaml"), """
                    apiVersion: argoproj.io/v1alpha1
                    kind: Application
                    metadata: {name: root, namespace: argocd}
                    spec:
                      source: {repoURL: '%s', targetRevision: main, path: apps}
                      destination: {server: 'https://kubernetes.default.svc', namespace: argocd}
                    """.formatted(repo));
            Run apps = gitops("apps", "--application", root.toString(), "--kubeconfig", kubeconfig, "--cache-dir", cache, "--output", "json");
            assertThat(apps.code()).as(apps.out() + apps.err()).isZero();
            assertThat(fields(apps.json())).containsExactly("apps", "succeeded");
            JsonNode site = apps.json().path("apps").get(1);
            assertThat(fields(site)).containsExactly("app", "parent", "depth", "namespace", "status", "error", "objectCount", "applications",
                    "warnings", "cacheHit", "inSync", "sync");
            assertThat(site.path("status").asText()).isEqualTo("Succeeded");
            assertThat(fields(site.path("sync"))).containsExactlyElementsOf(SYNC);
            assertThat(apps.json().path("apps").get(0).path("status").asText()).as("only Applications").isEqualTo("Skipped");
        }
    }

    private static List<String> fields(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
