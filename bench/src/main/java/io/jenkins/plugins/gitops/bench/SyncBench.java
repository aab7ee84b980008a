package io.jenkins.plugins.gitops.bench;

import io.jenkins.plugins.gitops.bench.Benchmarks.Table;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import io.jenkins.plugins.gitops.testkit.tools.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * First sync of the Kubeflow example (683 objects) into a fresh emulator: the engine against
 * {@code kubectl apply --server-side} (CRDs, {@code kubectl wait --for=condition=Established crd
 * --all}, then the rest), each side into its own fresh emulator, alternating which goes first,
 * one unreported warm-up round, then the median of N rounds. Then the re-sync of the unchanged
 * bundle against kubectl's re-apply.
 */
final class SyncBench {

    private SyncBench() {
    }

    record Side(double firstMs, double againMs, long firstCalls, long againWrites, long againLists, long againCalls) {
    }

    static void run(int rounds) throws Exception {
        Path render = Workloads.kubeflowRender().orElseThrow(() -> new IllegalStateException(
                "kubectl or ../shared/workloads/kubeflow is missing: run from the checkout root"));
        String text = Files.readString(render);
        List<String> docs = Workloads.documents(text);
        StringBuilder crds = new StringBuilder();
        StringBuilder rest = new StringBuilder();
        for (String d : docs) {
            (d.contains("\nkind: CustomResourceDefinition\n") || d.startsWith("kind: CustomResourceDefinition\n") ? crds : rest).append("---\n").append(d);
        }
        Path tmp = Files.createTempDirectory("bench-sync");
        Path crdFile = Files.writeString(tmp.resolve("crds.yaml"), crds);
        Path restFile = Files.writeString(tmp.resolve("rest.yaml"), rest);
        long kinds = RenderedSet.of(ManifestParser.parse(text, "example"), "", "kustomize", "").objects().stream()
                .map(o -> o.object().group() + "/" + o.object().kind()).distinct().count();

        List<Side> ours = new ArrayList<>();
        List<Side> peer = new ArrayList<>();
        for (int r = -1; r < rounds; r++) {
            boolean engineFirst = (r & 1) == 0;
            Side a = engineFirst ? engine(text) : kubectl(tmp.resolve("k" + r), crdFile, restFile);
            Side b = engineFirst ? kubectl(tmp.resolve("k" + r), crdFile, restFile) : engine(text);
            Side e = engineFirst ? a : b;
            Side k = engineFirst ? b : a;
            System.out.printf("#   sync round %s (%s first): engine %.0f ms, kubectl %.0f ms; re-sync engine %.0f ms, kubectl %.0f ms; load %s%n",
                    r < 0 ? "warm-up" : String.valueOf(r + 1), engineFirst ? "engine" : "kubectl", e.firstMs, k.firstMs, e.againMs, k.againMs, Benchmarks.load());
            if (r >= 0) {
                ours.add(e);
                peer.add(k);
            }
        }
        List<Double> of = ours.stream().map(Side::firstMs).toList();
        List<Double> pf = peer.stream().map(Side::firstMs).toList();
        System.out.printf("#   first sync per round (ms): engine %s kubectl %s%n", Benchmarks.fmt(of), Benchmarks.fmt(pf));
        Table.row("sync", "first sync, 683 objects, median ms", Benchmarks.median(of), Benchmarks.median(pf), "ms", "ratio <= 0.333");
        Table.row("sync", "first sync: API calls per object", ours.get(0).firstCalls / 683.0, peer.get(0).firstCalls / 683.0, "", "-");
        Table.row("sync", "re-sync unchanged, median ms", Benchmarks.median(ours.stream().map(Side::againMs).toList()),
                Benchmarks.median(peer.stream().map(Side::againMs).toList()), "ms", "ours < 1000 ms");
        Table.row("sync", "re-sync: writes (server-side, dry runs included)", ours.get(0).againWrites, peer.get(0).againWrites, "", "ours = 0");
        Table.row("sync", "re-sync: LISTs (" + kinds + " kinds)", ours.get(0).againLists, peer.get(0).againLists, "", "ours = 1/kind");
        Table.row("sync", "re-sync: API calls per object", ours.get(0).againCalls / 683.0, peer.get(0).againCalls / 683.0, "", "-");
    }

    private static SyncOptions opts() {
        return SyncOptions.builder("kubeflow").initiator("bench").parallelism(8).timeout(Duration.ofMinutes(2)).build();
    }

    static Side engine(String text) {
        RenderedSet set = RenderedSet.of(ManifestParser.parse(text, "example"), "example-v1", "kustomize", "");
        try (KubeEmulator kube = KubeEmulator.start()) {
            long t0 = System.nanoTime();
            try (Cluster cluster = Cluster.of(kube.config())) {
                SyncEngine engine = new SyncEngine(cluster);
                SyncResult first = engine.sync(set, opts());
                double firstMs = (System.nanoTime() - t0) / 1e6;
                if (!first.succeeded() || first.count(Action.CREATED) != 683) {
                    throw new IllegalStateException("engine first sync failed:\n" + first.table());
                }
                long calls = kube.requests().total();
                long writes = kube.requests().writes();
                long lists = kube.requests().count("list");
                long t1 = System.nanoTime();
                SyncResult again = engine.sync(set, opts());
                double againMs = (System.nanoTime() - t1) / 1e6;
                if (!again.succeeded() || again.count(Action.UNCHANGED) != 683) {
                    throw new IllegalStateException("engine re-sync not unchanged:\n" + again.table());
                }
                return new Side(firstMs, againMs, calls, kube.requests().writes() - writes, kube.requests().count("list") - lists,
                        kube.requests().total() - calls);
            }
        }
    }

    static Side kubectl(Path dir, Path crdFile, Path restFile) throws Exception {
        Files.createDirectories(dir);
        try (KubeEmulator kube = KubeEmulator.start()) {
            Kubectl k = new Kubectl(kube.writeKubeconfig(dir.resolve("kubeconfig")), dir.resolve("cache"));
            long t0 = System.nanoTime();
            k.run("apply", "--server-side", "--validate=false", "-f", crdFile.toString()).orThrow();
            k.run("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all").orThrow();
            k.run("apply", "--server-side", "--validate=false", "-f", restFile.toString()).orThrow();
            double firstMs = (System.nanoTime() - t0) / 1e6;
            long calls = kube.requests().total();
            long writes = kube.requests().writes();
            long lists = kube.requests().count("list");
            long t1 = System.nanoTime();
            k.run("apply", "--server-side", "--validate=false", "-f", crdFile.toString()).orThrow();
            k.run("apply", "--server-side", "--validate=false", "-f", restFile.toString()).orThrow();
            double againMs = (System.nanoTime() - t1) / 1e6;
            return new Side(firstMs, againMs, calls, kube.requests().writes() - writes, kube.requests().count("list") - lists,
                    kube.requests().total() - calls);
        }
    }
}
