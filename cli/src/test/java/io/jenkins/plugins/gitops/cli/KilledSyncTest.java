package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.sync.HistoryEntry;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A sync killed half way leaves nothing untracked: a real {@code gitops sync} in a child JVM is
 * killed ({@code destroyForcibly}, SIGKILL) when the emulator has seen a random number of its
 * writes; then a sync of another set with {@code --prune} must leave exactly that set.
 */
class KilledSyncTest {

    private static final String APP_LABEL = "gitops.jenkins.io/app";

    @TempDir
    Path dir;

    /** Counts the app's objects as the emulator creates them, and kills the child at the chosen one. */
    static final class KillAt extends Controller {
        final AtomicInteger seen = new AtomicInteger();
        final AtomicReference<Process> child = new AtomicReference<>();
        volatile int at = Integer.MAX_VALUE;
        volatile int killedAfter;

        @Override
        protected void onEvent(WatchEvent e) {
            if (!e.type().equals("ADDED") || !"kill".equals(e.object().path("metadata").path("labels").path(APP_LABEL).asText())) {
                return;
            }
            int n = seen.incrementAndGet();
            Process p = child.get();
            if (n >= at && p != null && killedAfter == 0) {
                killedAfter = n;
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally; writes already in flight still land
            }
        }
    }

    /** Set A of run {@code i}: a Namespace, a CRD and its resource, ConfigMaps over four waves (each awaited healthy). */
    static String setA(int i, int configMaps) {
        StringBuilder b = new StringBuilder("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns-a%1$d}
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gadgets.a%1$d.example.com}
                spec:
                  group: a%1$d.example.com
                  scope: Namespaced
                  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
                  versions:
                  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
                ---
                apiVersion: a%1$d.example.com/v1
                kind: Gadget
                metadata: {name: g, namespace: ns-a%1$d, annotations: {argocd.argoproj.io/sync-wave: "3"}}
                spec: {size: 1}
                """.formatted(i));
        for (int k = 0; k < configMaps; k++) {
            b.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-").append(k).append(", namespace: ns-a").append(i)
                    .append(", annotations: {argocd.argoproj.io/sync-wave: \"").append(k % 4).append("\"}}\ndata: {k: \"").append(k).append("\"}\n");
        }
        return b.toString();
    }

    static String setB(int i) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns-b%1$d}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: only-b, namespace: ns-b%1$d}
                data: {run: "%1$d"}
                """.formatted(i);
    }

    @Test
    void afterAKillAtARandomMomentASyncWithPruneLeavesExactlyItsSet() throws Exception {
        int configMaps = 60;
        killFiveTimes((run, d) -> Files.writeString(d.resolve("a" + run + ".yaml"), setA(run, configMaps)), 3 + configMaps);
    }

    /** The same on Kubeflow's example (683 objects: 74 CRDs, Namespaces, webhooks), rendered with {@code kubectl kustomize}. */
    @Test
    void kubeflowKilledAtARandomMomentThenASyncWithPruneLeavesExactlyItsSet() throws Exception {
        Path example = kubeflowExample();
        killFiveTimes((run, d) -> example, 683);
    }

    interface SetA {
        Path write(int run, Path dir) throws Exception;
    }

    /**
     * Five runs on one emulator: a child {@code gitops sync --prune} of set A, killed when the
     * emulator has created a random number of its objects; then, in this JVM, {@code gitops sync
     * --prune} of a small set B: the app's labelled objects, over every served type, must be exactly B.
     */
    private void killFiveTimes(SetA setA, int objectsOfA) throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        KillAt killer = new KillAt();
        try (KubeEmulator kube = KubeEmulator.builder().controller(killer).start()) {
            Path kubeconfig = kube.writeKubeconfig(dir.resolve("kubeconfig"));
            List<String> report = new ArrayList<>();
            for (int run = 0; run < 5; run++) {
                Path a = setA.write(run, dir);
                Path b = Files.writeString(dir.resolve("b" + run + ".yaml"), setB(run));
                killer.seen.set(0);
                killer.at = 1 + random.nextInt(objectsOfA - 1);
                killer.killedAfter = 0;
                Process child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), GitopsCommand.class.getName(),
                        "sync", "--app", "kill", "--kubeconfig", kubeconfig.toString(), "--manifests", a.toString(), "--prune",
                        "--lease-duration", "2s", "--timeout", "120", "--initiator", "child-" + run)
                        .redirectErrorStream(true).redirectOutput(dir.resolve("child" + run + ".log").toFile()).start();
                killer.child.set(child);
                assertThat(child.waitFor(300, TimeUnit.SECONDS)).as("the child ends").isTrue();
                String log = Files.readString(dir.resolve("child" + run + ".log"));
                assertThat(killer.killedAfter).as("run %d (seed %d): killed by the watch, not finished; child log:%n%s", run, seed, log)
                        .isEqualTo(killer.at);
                assertThat(child.exitValue()).as("SIGKILL").isEqualTo(137);
                int leftByTheKill = labelled(kube).size();

                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                CommandLine cl = GitopsCommand.commandLine();
                cl.setOut(new PrintWriter(out));
                cl.setErr(new PrintWriter(err));
                int code = cl.execute("sync", "--app", "kill", "--kubeconfig", kubeconfig.toString(), "--manifests", b.toString(), "--prune",
                        "--lock-timeout", "1m", "--timeout", "120");
                assertThat(code).as("run %d: %s%s", run, out, err).isZero();
                // the sync deleted what it pruned; Namespaces and CRDs go once the emulator's GC and namespace controller
                // have removed what is in them (foreground deletion), as in a cluster
                await().atMost(java.time.Duration.ofSeconds(120)).until(() -> labelled(kube).stream().noneMatch(o -> o.endsWith(" (deleting)")));

                assertThat(labelled(kube)).as("run %d (seed %d, killed after %d of %d objects): only set B is left", run, seed,
                        killer.killedAfter, objectsOfA).containsExactly("ConfigMap/ns-b" + run + "/only-b", "Namespace//ns-b" + run);
                List<HistoryEntry> history = history(kubeconfig);
                HistoryEntry last = history.get(history.size() - 1);
                assertThat(last.result()).isEqualTo("Succeeded");
                String killedOne = "child-" + run;
                assertThat(history).as("the killed sync's entry says it did not finish")
                        .anySatisfy(h -> assertThat(h.initiator()).isEqualTo(killedOne))
                        .filteredOn(h -> h.initiator().equals(killedOne))
                        .allSatisfy(h -> assertThat(h.result()).startsWith("Failed: did not finish"));
                report.add("run " + run + ": killed after " + killer.killedAfter + "/" + objectsOfA + " objects were created, "
                        + leftByTheKill + " labelled objects in the cluster; then " + out.toString().lines()
                        .filter(l -> l.contains("created,")).findFirst().orElse(""));
            }
            System.out.println("KilledSyncTest seed " + seed + "\n" + String.join("\n", report));
        }
    }

    /** Kubeflow's example rendered once into target/ (skips when kubectl or the workload is missing). */
    static Path kubeflowExample() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        if (Files.exists(root.resolve("cli")) && !Files.exists(root.resolve("src"))) {
            root = root.resolve("cli");
        }
        Path manifests = root.getParent().resolveSibling("shared").resolve("workloads/kubeflow/offline/manifests").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(manifests.resolve("example")), "skipped: no Kubeflow workload at " + manifests);
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jenkins.plugins.gitops.testkit.tools.Kubectl.find().isPresent(), "skipped: no kubectl");
        Path out = root.resolve("target/kubeflow-example.yaml");
        if (!Files.isRegularFile(out)) {
            Path tmp = Files.createTempFile(root.resolve("target"), "kubeflow", ".tmp");
            Process p = new ProcessBuilder("kubectl", "kustomize", manifests.resolve("example").toString()).redirectOutput(tmp.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor()).as("kubectl kustomize example").isZero();
            Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return out;
    }

    /** Every object of every served type carrying the app label, as Kind/namespace/name (Argo CD's cluster-cache view). */
    static TreeSet<String> labelled(KubeEmulator kube) {
        TreeSet<String> out = new TreeSet<>();
        for (ResourceType type : kube.api().types().all()) {
            for (JsonNode o : kube.api().list(type, null, null, null, 0, null, type.preferredVersion()).path("items")) {
                if ("kill".equals(o.path("metadata").path("labels").path(APP_LABEL).asText())) {
                    out.add(type.kind() + "/" + o.path("metadata").path("namespace").asText("") + "/" + o.path("metadata").path("name").asText()
                            + (o.path("metadata").has("deletionTimestamp") ? " (deleting)" : ""));
                }
            }
        }
        return out;
    }

    private static List<HistoryEntry> history(Path kubeconfig) throws Exception {
        try (var cluster = io.jenkins.plugins.gitops.kube.Cluster.fromKubeconfig(kubeconfig, null)) {
            return new io.jenkins.plugins.gitops.sync.SyncEngine(cluster).history(io.jenkins.plugins.gitops.sync.SyncOptions.builder("kill").build());
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
