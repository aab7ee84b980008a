package io.jenkins.plugins.gitops.bench;

import io.jenkins.plugins.gitops.bench.Benchmarks.Table;
import io.jenkins.plugins.gitops.render.KustomizeRenderer;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.source.Checkout;
import io.jenkins.plugins.gitops.testkit.tools.Workloads;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * First render of the Kubeflow example with the engine's render package (which runs kustomize
 * and parses its output) against {@code kubectl kustomize} alone, alternating order; the cached
 * re-render; and peak memory: the JVM heap high-water of a render (MemoryPoolMXBean peak usage,
 * after a GC and a peak reset) against kubectl's maximum RSS ({@code /usr/bin/time -v}).
 */
final class RenderBench {

    private RenderBench() {
    }

    private static final String EXAMPLE = "offline/manifests/example";

    static void run(int rounds) throws Exception {
        Path kubeflow = Workloads.kubeflow().orElseThrow(() -> new IllegalStateException("../shared/workloads/kubeflow is missing"));
        Path out = Files.createTempFile("bench-kustomize", ".yaml");
        List<Double> ours = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        List<Double> cached = new ArrayList<>();
        double cold = Double.NaN;
        for (int r = -1; r < rounds; r++) {
            boolean oursFirst = (r & 1) == 0;
            double[] o = null;
            double p = 0;
            if (!oursFirst) {
                p = kubectl(kubeflow, out);
            }
            o = engine(kubeflow, r);
            if (oursFirst) {
                p = kubectl(kubeflow, out);
            }
            System.out.printf("#   render round %s: engine %.0f ms, kubectl kustomize %.0f ms, cached %.2f ms; load %s%n",
                    r < 0 ? "warm-up" : String.valueOf(r + 1), o[0], p, o[1], Benchmarks.load());
            if (r < 0) {
                cold = o[0];
                continue;
            }
            ours.add(o[0]);
            peer.add(p);
            cached.add(o[1]);
        }
        System.out.printf("#   render per round (ms): engine %s kubectl %s; the JVM's very first render (warm-up, not counted) %.0f ms%n",
                Benchmarks.fmt(ours), Benchmarks.fmt(peer), cold);
        Table.row("render", "first render of example (683 docs), median ms", Benchmarks.median(ours), Benchmarks.median(peer), "ms", "ratio <= 1.05");
        Table.row("render", "cached re-render, median ms", Benchmarks.median(cached), Double.NaN, "ms", "ours <= 100 ms");

        // memory: heap high-water of one render in this JVM, against kubectl's max RSS
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(m -> m.getType() == MemoryType.HEAP).toList();
        System.gc();
        long base = heap.stream().mapToLong(m -> m.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        engine(kubeflow, 1000);
        long peak = heap.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum();
        double peerRss = maxRss(kubeflow, Map.of());
        // our kustomize child runs with a roomier Go heap (KustomizeRenderer.GO_RUNTIME): report its RSS too
        double childRss = maxRss(kubeflow, KustomizeRenderer.goRuntimeEnvironment());
        Table.row("render", "peak memory: JVM heap high-water vs kubectl max RSS", peak / 1048576.0, peerRss, "MiB", "-");
        Table.row("render", "peak memory: our kustomize child " + KustomizeRenderer.goRuntimeEnvironment() + " max RSS vs kubectl's",
                childRss, peerRss, "MiB", "-");
        System.out.printf("#   heap before the render %.0f MiB (high-water includes it, and garbage not yet collected);"
                + " the engine's render also runs a kustomize process like the peer's, not counted on our side%n", base / 1048576.0);
        Files.deleteIfExists(out);
    }

    /** ms of a first render (fresh cache, fresh tree id) and of the cached re-render after it. */
    private static double[] engine(Path kubeflow, int round) {
        Checkout folder = Checkout.ofFolder(kubeflow);
        Checkout asGit = new Checkout(folder.url(), "bench", "0".repeat(40), folder.root(), Optional.of("bench-" + round + "-" + System.nanoTime()), false);
        RenderService service = new RenderService(null, RenderCache.inMemory());
        long t0 = System.nanoTime();
        RenderResult first = service.render(asGit, EXAMPLE, RenderSpec.auto());
        double firstMs = (System.nanoTime() - t0) / 1e6;
        if (first.set().size() != 683 || first.cacheHit()) {
            throw new IllegalStateException("render gave " + first.set().size() + " objects");
        }
        long t1 = System.nanoTime();
        RenderResult second = service.render(asGit, EXAMPLE, RenderSpec.auto());
        double cachedMs = (System.nanoTime() - t1) / 1e6;
        if (!second.cacheHit()) {
            throw new IllegalStateException("second render missed the cache");
        }
        return new double[] {firstMs, cachedMs};
    }

    /** kubectl kustomize's maximum RSS in MiB under {@code env}, from {@code /usr/bin/time -v}; NaN without it. */
    private static double maxRss(Path kubeflow, Map<String, String> env) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
            return Double.NaN;
        }
        Path err = Files.createTempFile("bench-time", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/time", "-v", "kubectl", "kustomize", kubeflow.resolve(EXAMPLE).toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
            pb.environment().putAll(env);
            pb.start().waitFor();
            Matcher m = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)").matcher(Files.readString(err));
            return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
        } finally {
            Files.delete(err);
        }
    }

    private static double kubectl(Path kubeflow, Path out) throws Exception {
        return Benchmarks.timed(List.of("kubectl", "kustomize", kubeflow.resolve(EXAMPLE).toString()), out, null);
    }
}
