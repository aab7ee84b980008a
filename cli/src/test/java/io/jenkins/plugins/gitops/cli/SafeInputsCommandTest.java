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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as a new user meets it (issue 11): empty renders and sets are refused, Prune=confirm
 * waits for --confirm-prune, durations read the same everywhere, bad input exits 2 and failed
 * operations 1, and errors are sentences, never a client dump.
 */
class SafeInputsCommandTest {

    @TempDir
    Path dir;
    KubeEmulator kube;
    Path kubeconfig;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        kube = KubeEmulator.start();
        kubeconfig = kube.writeKubeconfig(dir.resolve("kubeconfig"));
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static Run gitops(String... args) {
        return gitops(GitopsCommand.commandLine(), args);
    }

    private static Run gitops(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private String[] sync(String... extra) {
        List<String> a = new ArrayList<>(List.of("sync", "--app", "shop", "--kubeconfig", kubeconfig.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String cm(String name, String syncOptions) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n"
                + (syncOptions.isEmpty() ? "" : "  annotations: {argocd.argoproj.io/sync-options: \"" + syncOptions + "\"}\n") + "data: {k: v}\n---\n";
    }

    private boolean exists(String name) {
        try (var c = kube.client()) {
            return c.configMaps().inNamespace("default").withName(name).get() != null;
        }
    }

    @Test
    void anEmptyRenderExitsTwoSayingWhatTheFolderHolds() throws Exception {
        Path repo = dir.resolve("repo");
        try (GitRepoBuilder git = GitRepoBuilder.init(repo)) {
            git.write("app/main.cue", "{}\n").write("app/params.cue", "{}\n").write("app/README.md", "x\n").commit("cue");
        }
        Run r = gitops("render", "--repo", repo.toString(), "--path", "app", "--cache-dir", dir.resolve("cache").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("gitops render: app: 3 file(s), none of them manifests: 2 *.cue, 1 *.md"
                + " (the directory renderer reads *.yaml, *.yml, *.json and *.jsonnet; *.libsonnet only as imports)");
        Run allowed = gitops("render", "--repo", repo.toString(), "--path", "app", "--allow-empty", "--output", "json",
                "--cache-dir", dir.resolve("cache").toString());
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(new ObjectMapper().readTree(allowed.out()).path("objectCount").asInt()).isZero();
        Run synced = gitops(sync("--repo", repo.toString(), "--path", "app", "--prune"));
        assertThat(synced.code()).isEqualTo(2);
        assertThat(synced.err()).contains("none of them manifests");
    }

    @Test
    void aCommentOnlyManifestWithPruneIsRefusedUnlessAllowEmpty() throws Exception {
        Path v1 = file("v1.yaml", cm("a", "") + cm("b", ""));
        Path empty = file("empty.yaml", "# moved elsewhere\n");
        assertThat(gitops(sync("--manifests", v1.toString())).code()).isZero();

        for (String[] args : List.of(sync("--manifests", empty.toString(), "--prune"), sync("--manifests", empty.toString(), "--prune", "--dry-run"))) {
            Run refused = gitops(args);
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains("app shop: refused: the desired set is empty (0 objects) and pruning would delete all 2 objects"
                    + " of the app (2 ConfigMap); nothing was written");
        }
        Run diff = gitops("diff", "--app", "shop", "--kubeconfig", kubeconfig.toString(), "--manifests", empty.toString(), "--prune");
        assertThat(diff.code()).isEqualTo(2);
        assertThat(exists("a") && exists("b")).isTrue();

        Run allowed = gitops(sync("--manifests", empty.toString(), "--prune", "--allow-empty", "--output", "json"));
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(new ObjectMapper().readTree(allowed.out()).path("pruned").asInt()).isEqualTo(2);
        assertThat(exists("a") || exists("b")).isFalse();
    }

    @Test
    void pruneConfirmWaitsForConfirmPrune() throws Exception {
        assertThat(gitops(sync("--manifests", file("v1.yaml", cm("keep", "Prune=confirm") + cm("web", "")).toString())).code()).isZero();
        Path v2 = file("v2.yaml", cm("web", ""));

        Run held = gitops(sync("--manifests", v2.toString(), "--prune", "--output", "json"));
        assertThat(held.code()).as("not done: exit 1").isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(held.out());
        assertThat(json.path("status").asText()).isEqualTo("Waiting");
        assertThat(json.path("waiting").asInt()).isEqualTo(1);
        assertThat(json.path("message").asText()).startsWith("waiting for pruning confirmation of ConfigMap/default/keep (Prune=confirm or Delete=confirm)");
        Run table = gitops(sync("--manifests", v2.toString(), "--prune"));
        assertThat(table.out()).contains("waiting    Sync     0     ConfigMap/default/keep  (waiting for confirmation (Prune=confirm)")
                .contains("Waiting: 0 created, 0 configured, 1 unchanged, 0 pruned, 0 skipped, 1 waiting for confirmation, 0 failed");
        assertThat(exists("keep")).isTrue();

        Run confirmed = gitops(sync("--manifests", v2.toString(), "--prune", "--confirm-prune", "--output", "json"));
        assertThat(confirmed.code()).as(confirmed.err()).isZero();
        assertThat(new ObjectMapper().readTree(confirmed.out()).path("pruned").asInt()).isEqualTo(1);
        assertThat(exists("keep")).isFalse();
    }

    @Test
    void durationsNeedAUnitAndMustBePositiveOnEveryCommand() throws Exception {
        Path v1 = file("v1.yaml", cm("a", ""));
        for (String bad : List.of("-5", "0s", "300", "soon")) {
            Run r = gitops(sync("--manifests", v1.toString(), "--timeout", bad));
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--timeout").contains("'" + bad + "'").contains("30s, 10m, 1h");
        }
        assertThat(exists("a")).as("refused up front: nothing applied").isFalse();
        assertThat(gitops(sync("--manifests", v1.toString(), "--timeout", "90s")).code()).isZero();
        assertThat(gitops("wait", "--app", "shop", "--timeout", "0s").code()).isEqualTo(2);
        assertThat(gitops("apps", "--application", v1.toString(), "--timeout", "10").code()).isEqualTo(2);
        assertThat(gitops("run", "--repo", ".", "--app", "x", "--timeout", "-1m").code()).isEqualTo(2);
        assertThat(gitops("image-update", "--registry-timeout", "0s").code()).isEqualTo(2);
        assertThat(gitops("emulator", "--kubeconfig", dir.resolve("k").toString(), "--crd-establish-delay", "-1s").code()).isEqualTo(2);
    }

    @Test
    void theEmulatorsWarmUpOptionsAreCheckedBeforeItStarts() throws Exception {
        String k = dir.resolve("warm-kubeconfig").toString();
        Run negative = gitops("emulator", "--kubeconfig", k, "--warm-up", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--warm-up must be 0 or more rounds, not -1");
        Path bundle = file("warm.yaml", cm("a", ""));
        Run alone = gitops("emulator", "--kubeconfig", k, "--warm-up-manifests", bundle.toString());
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).contains("--warm-up-manifests needs --warm-up ROUNDS");
        Run missing = gitops("emulator", "--kubeconfig", k, "--warm-up", "1", "--warm-up-manifests", dir.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yaml: no such file");
        Run notObjects = gitops("emulator", "--kubeconfig", k, "--warm-up", "1", "--warm-up-manifests", file("list.yaml", "- a\n- b\n").toString());
        assertThat(notObjects.code()).isEqualTo(2);
        assertThat(notObjects.err()).contains("--warm-up-manifests: ").contains("list.yaml, document 1: not a Kubernetes object");
        assertThat(Files.exists(dir.resolve("warm-kubeconfig"))).as("nothing started, no kubeconfig written").isFalse();
    }

    @Test
    void waitValidatesTheAppAndSaysWhatItCouldNotReadOrReach() throws Exception {
        Run badName = gitops("wait", "--app", "Bad_Name", "--kubeconfig", kubeconfig.toString(), "--timeout", "5s");
        assertThat(badName.code()).isEqualTo(2);
        assertThat(badName.err()).contains("app name \"Bad_Name\" must be a DNS-1123 label");
        assertThat(gitops("wait", "--app", "", "--kubeconfig", kubeconfig.toString()).code()).isEqualTo(2);

        Run selector = gitops("wait", "--app", "web", "--selector", "a b", "--kubeconfig", kubeconfig.toString(), "--timeout", "5s");
        assertThat(selector.code()).isEqualTo(1);
        // the app's objects are now listed kind by kind from its inventory: the server's refusal, said as a sentence
        assertThat(selector.err()).startsWith("gitops wait: ").contains("invalid label selector \"a b\"")
                .doesNotContain("Status(").doesNotContain("[null]").doesNotContain("Failure executing");

        Path unreachable = file("unreachable", Files.readString(kubeconfig).replaceAll("server: .*", "server: http://127.0.0.1:1"));
        Run down = gitops("wait", "--app", "web", "--kubeconfig", unreachable.toString(), "--timeout", "5s");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("cannot reach the API server at http://127.0.0.1:1").doesNotContain("[null]").doesNotContain("Operation: [");
    }

    @Test
    void engineFailuresExitOneAndBadInputTwoOnEveryCommand() throws Exception {
        Path v1 = file("v1.yaml", cm("a", ""));
        Path unreachable = file("unreachable", Files.readString(kubeconfig).replaceAll("server: .*", "server: http://127.0.0.1:1"));
        for (String verb : List.of("sync", "diff", "history", "rollback")) {
            Run r = gitops(verb, "--app", "shop", "--kubeconfig", unreachable.toString(), "--manifests", v1.toString());
            assertThat(r.code()).as(verb + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).as(verb).startsWith("gitops " + verb + ": ");
            Run bad = gitops(verb, "--app", "Shop!", "--kubeconfig", kubeconfig.toString(), "--manifests", v1.toString());
            assertThat(bad.code()).as(verb + ": " + bad.err()).isEqualTo(2);
        }
        assertThat(gitops(sync("--manifests", dir.resolve("missing.yaml").toString())).code()).isEqualTo(2);
        assertThat(gitops(sync("--manifests", v1.toString(), "--output", "xml")).code()).isEqualTo(2);
    }

    @Test
    void runRemovesItsTemporaryKubeconfig() throws Exception {
        Path repo = dir.resolve("repo");
        try (GitRepoBuilder git = GitRepoBuilder.init(repo)) {
            git.write("app/cm.yaml", cm("hello", "")).commit("app");
        }
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        RunCommand command = new RunCommand();
        command.tempRoot = temp;
        CommandLine cl = new CommandLine(command);
        Run r = gitops(cl, "--repo", repo.toString(), "--path", "app", "--app", "hello", "--timeout", "1m");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.toList()).as("the emulator's kubeconfig holds its client key").isEmpty();
        }
    }
}
