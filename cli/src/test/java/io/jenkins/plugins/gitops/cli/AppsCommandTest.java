package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository built for Argo CD (a root Application deploying two others) runs unchanged. */
class AppsCommandTest {

    @TempDir
    Path tmp;

    private static String application(String name, String repo, String path, String namespace) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: argocd}
                spec:
                  project: default
                  source: {repoURL: '%s', targetRevision: main, path: %s}
                  destination: {server: 'https://kubernetes.default.svc', namespace: %s}
                  syncPolicy: {syncOptions: [CreateNamespace=true]}
                """.formatted(name, repo, path, namespace);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GitopsCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void rendersAndSyncsAnAppOfAppsTreeEachAppOnItsOwn() throws Exception {
        Path repo = tmp.resolve("gitops");
        String url = repo.toString();
        try (GitRepoBuilder git = GitRepoBuilder.init(repo)) {
            git.write("apps/root/web.yaml", application("web", url, "web", "shop"))
                    .write("apps/root/db.yaml", application("db", url, "db", "data"))
                    .write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {color: blue}\n")
                    .write("db/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: db}\ndata: {size: small}\n")
                    .commit("apps");
        }
        Path root = Files.writeString(tmp.resolve("root.yaml"), application("root", url, "apps/root", "argocd"));
        String cache = tmp.resolve("cache").toString();

        Run rendered = run("apps", "--application", root.toString(), "--render-only", "--output", "json", "--cache-dir", cache,
                "--out-dir", tmp.resolve("out").toString());
        assertThat(rendered.code()).as(rendered.err()).isZero();
        JsonNode tree = new ObjectMapper().readTree(rendered.out()).path("apps");
        assertThat(tree).hasSize(3);
        assertThat(tree.get(0).path("app").asText()).isEqualTo("root");
        assertThat(tree.get(0).path("applications").asInt()).isEqualTo(2);
        assertThat(tree.findValuesAsText("parent")).containsExactly("", "root", "root");
        assertThat(tmp.resolve("out/web.yaml")).content().contains("name: web");

        try (KubeEmulator kube = KubeEmulator.start()) {
            Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
            Run synced = run("apps", "--application", root.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache,
                    "--wait", "--wait-timeout", "30s");
            assertThat(synced.code()).as(synced.out() + synced.err()).isZero();
            assertThat(synced.out()).contains("web: healthy").contains("db: healthy");
            assertThat(synced.out()).contains("root -> argocd: 0 objects, 2 Applications").contains("web -> shop: 1 objects");
            try (var client = kube.client()) {
                assertThat(client.configMaps().inNamespace("shop").withName("web").get().getMetadata().getLabels())
                        .containsEntry("gitops.jenkins.io/app", "web");
                assertThat(client.configMaps().inNamespace("data").withName("db").get().getMetadata().getLabels())
                        .containsEntry("gitops.jenkins.io/app", "db");
                // the root's Application objects are not applied (this cluster has no Argo CD, and needs none)
                assertThat(client.configMaps().inAnyNamespace().withLabel("gitops.jenkins.io/app", "root").list().getItems()).isEmpty();
            }

            Run again = run("apps", "--application", root.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache,
                    "--dry-run", "--output", "json");
            assertThat(again.code()).as("in sync: " + again.out() + again.err()).isZero();
            // every app's render is cached by its own source: the unchanged tree renders nothing again
            assertThat(new ObjectMapper().readTree(again.out()).findValuesAsText("cacheHit")).containsExactly("true", "true", "true");

            Run sequential = run("apps", "--application", root.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache,
                    "--parallel", "1", "--dry-run");
            assertThat(sequential.code()).as(sequential.out() + sequential.err()).isZero();
            Run zero = run("apps", "--application", root.toString(), "--kubeconfig", kubeconfig.toString(), "--parallel", "0");
            assertThat(zero.code()).isEqualTo(2);
            assertThat(zero.err()).contains("--parallel must be at least 1");
        }
    }

    /** The examples' app of apps, with its repository URL pointed at a local copy of this checkout's examples. */
    @Test
    void theExamplesAppOfAppsRendersInWaveOrder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jenkins.plugins.gitops.testkit.tools.Kubectl.find().isPresent(), "no kubectl");
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        Path repo = tmp.resolve("gitops");
        String url = repo.toString();
        try (GitRepoBuilder git = GitRepoBuilder.init(repo); var files = Files.walk(examples)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                git.write("examples/" + examples.relativize(f), Files.readString(f).replace("https://git.example.com/ml/kubeflow-gitops.git", url));
            }
            git.commit("examples");
        }
        Path root = Files.writeString(tmp.resolve("root.yaml"),
                Files.readString(repo.resolve("examples/argocd/root.yaml")));

        Run r = run("apps", "--application", root.toString(), "--render-only", "--output", "json", "--cache-dir", tmp.resolve("cache").toString());

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode tree = new ObjectMapper().readTree(r.out()).path("apps");
        assertThat(tree.findValuesAsText("app")).containsExactly("root", "hello", "fraud-model");
        assertThat(tree.findValuesAsText("namespace")).containsExactly("argocd", "hello", "ml-serving");
    }

    /**
     * A child whose repository cannot be reached (the URL every Application names is upstream's) is
     * reported under its name; after --repo-rewrite points the others at a local mirror, they sync, and
     * the run ends with exit 1 and a per-app table.
     */
    @Test
    void aFailingChildIsReportedByNameItsSiblingsSyncAndRepoRewritePointsAtAMirror() throws Exception {
        Path repo = tmp.resolve("mirror");
        String upstream = "https://git.invalid/ml/deploy";
        try (GitRepoBuilder git = GitRepoBuilder.init(repo)) {
            git.write("apps/root/web.yaml", application("web", upstream, "web", "shop"))
                    .write("apps/root/lost.yaml", application("lost", "https://git.invalid/other/repo", "x", "lost"))
                    .write("apps/root/db.yaml", application("db", upstream + ".git", "db", "data")
                            .replace("path: db}", "path: db, kustomize: {version: v4.5.7}}"))
                    .write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {color: blue}\n")
                    .write("db/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: db}\n")
                    .write("db/kustomization.yaml", "resources: [cm.yaml]\n")
                    .commit("apps");
        }
        Path root = Files.writeString(tmp.resolve("root.yaml"), application("root", upstream, "apps/root", "argocd"));
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jenkins.plugins.gitops.testkit.tools.Kubectl.find().isPresent(), "no kubectl for kustomize");

        try (KubeEmulator kube = KubeEmulator.start()) {
            Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
            Run r = run("apps", "--application", root.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", tmp.resolve("cache").toString(),
                    "--repo-rewrite", upstream + "=" + repo);

            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("lost: NOT rendered: Application lost: ").contains("git.invalid/other/repo");
            assertThat(r.err()).contains("warning: Application db: spec.source.kustomize.version v4.5.7: no kustomize configured");
            String table = r.out().substring(r.out().indexOf("APP "));
            assertThat(table.lines().toList()).hasSize(6);
            assertThat(table).containsPattern("(?m)^  db +[0-9a-f]{12} +Synced +2 created, 0 configured, 0 pruned, 0 failed")
                    .containsPattern("(?m)^  lost +- +Refused +- +Application lost: ")
                    .containsPattern("(?m)^  web +[0-9a-f]{12} +Synced +2 created")
                    .containsPattern("(?m)^root +[0-9a-f]{12} +Skipped")
                    .contains("4 app(s), 1 failed");
            try (var client = kube.client()) {
                assertThat(client.configMaps().inNamespace("shop").withName("web").get()).isNotNull();
                assertThat(client.configMaps().inNamespace("data").withName("db").get()).isNotNull();
            }
        }
    }

    @Test
    void aFileWithoutAnApplicationIsBadInput() throws Exception {
        Path f = Files.writeString(tmp.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        Run r = run("apps", "--application", f.toString(), "--render-only");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cm.yaml: no Argo CD Application");
    }
}
