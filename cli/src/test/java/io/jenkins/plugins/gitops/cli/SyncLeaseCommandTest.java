package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.testkit.kube.Json;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One sync of an app at a time, through the CLI: two syncs started together, and a Lease left by a dead process. */
class SyncLeaseCommandTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
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

    static String set(String prefix, int n) {
        StringBuilder b = new StringBuilder();
        IntStream.range(0, n).forEach(i -> b.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ").append(prefix).append('-').append(i)
                .append("}\ndata: {v: \"").append(i).append("\"}\n"));
        return b.toString();
    }

    private static List<String> names(KubeEmulator kube) {
        var type = kube.api().types().byKind("v1", "ConfigMap").orElseThrow();
        return java.util.stream.StreamSupport.stream(kube.api().list(type, "default", null, null, 0, null, "v1").path("items").spliterator(), false)
                .filter(o -> o.path("metadata").path("labels").path("gitops.jenkins.io/app").asText().equals("shop"))
                .map(o -> o.path("metadata").path("name").asText()).sorted().toList();
    }

    @Test
    void twoSyncsStartedTogetherEndWithExactlyOneSetAndBothHistoryEntries() throws Exception {
        try (KubeEmulator kube = KubeEmulator.start()) {
            String kubeconfig = kube.writeKubeconfig(dir.resolve("kubeconfig")).toString();
            Path a = Files.writeString(dir.resolve("a.yaml"), set("a", 40));
            Path b = Files.writeString(dir.resolve("b.yaml"), set("b", 40));
            CompletableFuture<Run> ra = CompletableFuture.supplyAsync(() -> gitops("sync", "--app", "shop", "--kubeconfig", kubeconfig,
                    "--manifests", a.toString(), "--prune", "--initiator", "sync-a"));
            CompletableFuture<Run> rb = CompletableFuture.supplyAsync(() -> gitops("sync", "--app", "shop", "--kubeconfig", kubeconfig,
                    "--manifests", b.toString(), "--prune", "--initiator", "sync-b"));
            Run x = ra.get(120, TimeUnit.SECONDS);
            Run y = rb.get(120, TimeUnit.SECONDS);
            assertThat(x.code()).as(x.out() + x.err()).isZero();
            assertThat(y.code()).as(y.out() + y.err()).isZero();

            JsonNode history = new ObjectMapper().readTree(gitops("history", "--app", "shop", "--kubeconfig", kubeconfig, "--output", "json").out());
            assertThat(history).hasSize(2);
            assertThat(history.get(0).path("id").asInt()).isEqualTo(1);
            assertThat(history.get(1).path("id").asInt()).isEqualTo(2);
            String second = history.get(1).path("initiator").asText();
            String prefix = second.equals("sync-a") ? "a" : "b";
            assertThat(List.of(history.get(0).path("initiator").asText(), second)).containsExactlyInAnyOrder("sync-a", "sync-b");
            assertThat(names(kube)).as("the cluster ends with exactly the set of the sync that went second")
                    .isEqualTo(IntStream.range(0, 40).mapToObj(i -> prefix + "-" + i).sorted().toList());
        }
    }

    @Test
    void aLeaseLeftByADeadProcessNamesItsHolderThenIsTakenOverAfterItsDuration() throws Exception {
        try (KubeEmulator kube = KubeEmulator.start()) {
            String kubeconfig = kube.writeKubeconfig(dir.resolve("kubeconfig")).toString();
            Path a = Files.writeString(dir.resolve("a.yaml"), set("a", 2));
            kube.apply(Json.readObject("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"gitops-system\"}}"), "test");
            kube.apply(Json.readObject("""
                    {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"gitops-sync-shop","namespace":"gitops-system"},
                     "spec":{"holderIdentity":"agent-7 pid 4242 #0dead (https://jenkins.example.com/job/kfp/40/)","leaseDurationSeconds":2,
                             "acquireTime":"2026-01-01T00:00:00.000000Z","renewTime":"2026-01-01T00:00:00.000000Z"}}"""), "test");

            Run refused = gitops("sync", "--app", "shop", "--kubeconfig", kubeconfig, "--manifests", a.toString(), "--lock-timeout", "1s"); // shorter than the Lease duration: it cannot expire meanwhile
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err()).contains("app shop: another sync holds Lease/gitops-system/gitops-sync-shop:"
                    + " agent-7 pid 4242 #0dead (https://jenkins.example.com/job/kfp/40/)").contains("nothing was written");
            assertThat(names(kube)).isEmpty();

            Run ok = gitops("sync", "--app", "shop", "--kubeconfig", kubeconfig, "--manifests", a.toString(), "--lock-timeout", "1m");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(names(kube)).containsExactly("a-0", "a-1");
        }
    }
}
