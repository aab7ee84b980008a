package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --project} on sync and apps, and the AppProject an Application names, through the command line against the emulator. */
class ProjectOptionTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GitopsCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String project(String name, String sourceRepos) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: %s, namespace: argocd}
                spec:
                  sourceRepos: [%s]
                  destinations:
                  - {server: '*', namespace: 'ml-*'}
                  - {server: '*', namespace: '!ml-prod'}
                  clusterResourceWhitelist:
                  - {group: '', kind: Namespace}
                """.formatted(name, sourceRepos);
    }

    private static final String TRAIN = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: ml-train}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: ml-train}
            data: {lr: '0.1'}
            """;

    @Test
    void syncRefusesWhatTheProjectDoesNotAdmitAndWritesNothing() throws Exception {
        Path project = Files.writeString(tmp.resolve("ml.yaml"), project("ml", "'*'"));
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), TRAIN + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x, namespace: kube-system}
                """);
        Path good = Files.writeString(tmp.resolve("good.yaml"), TRAIN);
        try (KubeEmulator kube = KubeEmulator.start(); var client = kube.client()) {
            Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
            kube.requests().reset();

            Run refused = run("sync", "--app", "train", "--manifests", bad.toString(), "--project", project.toString(), "--kubeconfig", kubeconfig.toString());
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains("ConfigMap/kube-system/x: namespace kube-system is not a destination of project ml (destinations: ml-*, !ml-prod)");
            assertThat(kube.requests().writes()).isZero();
            assertThat(client.namespaces().withName("ml-train").get()).isNull();

            Run dry = run("sync", "--app", "train", "--manifests", bad.toString(), "--project", project.toString(), "--kubeconfig", kubeconfig.toString(),
                    "--dry-run");
            assertThat(dry.code()).isEqualTo(2);
            assertThat(kube.requests().writes()).as("not even a dry run").isZero();

            Run ok = run("sync", "--app", "train", "--manifests", good.toString(), "--project", project.toString(), "--kubeconfig", kubeconfig.toString());
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(client.configMaps().inNamespace("ml-train").withName("settings").get()).isNotNull();
        }
    }

    @Test
    void syncChecksTheRepositoryItRendersAndAFileWithNoSource() throws Exception {
        Path repo = tmp.resolve("web");
        try (GitRepoBuilder git = GitRepoBuilder.init(repo)) {
            git.write("app/cm.yaml", TRAIN).commit("app");
        }
        Path project = Files.writeString(tmp.resolve("ml.yaml"), project("ml", "'https://git.example.com/ml/*'"));
        Path good = Files.writeString(tmp.resolve("good.yaml"), TRAIN);
        try (KubeEmulator kube = KubeEmulator.start()) {
            Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
            Run fromRepo = run("sync", "--app", "train", "--repo", repo.toString(), "--revision", "main", "--path", "app", "--project", project.toString(),
                    "--kubeconfig", kubeconfig.toString());
            assertThat(fromRepo.code()).isEqualTo(2);
            assertThat(fromRepo.err()).contains("source " + repo + ": not a source repository of project ml (sourceRepos: https://git.example.com/ml/*)");
            Run fromFile = run("sync", "--app", "train", "--manifests", good.toString(), "--project", project.toString(), "--kubeconfig", kubeconfig.toString());
            assertThat(fromFile.code()).isEqualTo(2);
            assertThat(fromFile.err()).contains("the manifests name no source repository");
            assertThat(kube.requests().writes()).isZero();
        }
    }

    @Test
    void aBadProjectFileIsAnErrorNamingTheFileAndField() throws Exception {
        Path project = Files.writeString(tmp.resolve("ml.yaml"), project("ml", "'*'").replace("namespace: 'ml-*'", "namespace: [ml]"));
        Path good = Files.writeString(tmp.resolve("good.yaml"), TRAIN);
        try (KubeEmulator kube = KubeEmulator.start()) {
            Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
            Run r = run("sync", "--app", "train", "--manifests", good.toString(), "--project", project.toString(), "--kubeconfig", kubeconfig.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains(project + ": spec.destinations[0].namespace: expected a string");
        }
    }

    private static String application(String name, String project, String repo, String path, String namespace) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: argocd}
                spec:
                  project: %s
                  source: {repoURL: '%s', targetRevision: main, path: %s}
                  destination: {server: 'https://kubernetes.default.svc', namespace: %s}
                  syncPolicy: {syncOptions: [CreateNamespace=true]}
                """.formatted(name, project, repo, path, namespace);
    }

    @Test
    void appsAppliesTheProjectAnApplicationNamesFromTheTreeAndAGivenProjectAsACeiling() throws Exception {
        Path repo = tmp.resolve("gitops");
        String url = repo.toString();
        try (GitRepoBuilder git = GitRepoBuilder.init(repo)) {
            git.write("apps/root/project.yaml", project("ml", "'*'"))
                    .write("apps/root/train.yaml", application("train", "ml", url, "train", "ml-train"))
                    .write("apps/root/sneaky.yaml", application("sneaky", "ml", url, "sneaky", "ml-train"))
                    .write("apps/root/web.yaml", application("web", "default", url, "web", "web"))
                    .write("train/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n")
                    .write("sneaky/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: ml-prod}\n")
                    .write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
                    .commit("apps");
        }
        Path root = Files.writeString(tmp.resolve("root.yaml"), application("root", "default", url, "apps/root", "argocd"));
        Path ceiling = Files.writeString(tmp.resolve("ops.yaml"), project("ops", "'*'"));
        String cache = tmp.resolve("cache").toString();
        try (KubeEmulator kube = KubeEmulator.start(); var client = kube.client()) {
            Path kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));

            Run withCeiling = run("apps", "--application", root.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache,
                    "--project", ceiling.toString());
            assertThat(withCeiling.code()).isEqualTo(1);
            assertThat(withCeiling.out()).contains("refused, nothing written: Application web: project default is neither in the rendered tree"
                    + " (it has: ml) nor the given project ops");
            assertThat(withCeiling.out()).contains("refused, nothing written: ConfigMap/ml-prod/x: namespace ml-prod is not a destination of project ops");
            assertThat(client.configMaps().inNamespace("web").withName("web").get()).isNull();
            assertThat(client.configMaps().inNamespace("ml-train").withName("settings").get()).isNotNull();

            Run tree = run("apps", "--application", root.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache);
            assertThat(tree.code()).isEqualTo(1);
            assertThat(tree.out()).contains("refused, nothing written: ConfigMap/ml-prod/x: namespace ml-prod is not a destination of project ml"
                    + " (destinations: ml-*, !ml-prod)");
            assertThat(client.configMaps().inNamespace("ml-prod").withName("x").get()).isNull();
            assertThat(client.configMaps().inNamespace("web").withName("web").get()).as("default is unrestricted without --project").isNotNull();
        }
    }
}
