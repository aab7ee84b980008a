package io.jenkins.plugins.gitops.bench;

import io.jenkins.plugins.gitops.app.App;
import io.jenkins.plugins.gitops.app.AppExpander;
import io.jenkins.plugins.gitops.app.AppRender;
import io.jenkins.plugins.gitops.app.AppSource;
import io.jenkins.plugins.gitops.app.AppTreeSync;
import io.jenkins.plugins.gitops.app.Destination;
import io.jenkins.plugins.gitops.bench.Benchmarks.Table;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.source.GitCredentials;
import io.jenkins.plugins.gitops.source.MirrorCache;
import io.jenkins.plugins.gitops.sync.DriftCheck;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.tools.KubeflowApps;
import io.jenkins.plugins.gitops.testkit.tools.Workloads;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;

/**
 * Kubeflow's example as 27 Argo CD Applications under one root (the shape of
 * {@code KubeflowAppsConformanceTest}: one Application per resource of the example kustomization,
 * by sync wave) against the same example as one app, side by side in one run, alternating which
 * goes first. First as a user runs it: fresh {@code cli/gitops apps} processes against fresh emulator
 * processes (see {@link #coldProcesses}). Then in this JVM: cold (an empty render cache, a fresh
 * emulator: render, then first sync) and warm (a new render service over the same cache folder, as a
 * new process: render from cache, then re-sync of the unchanged tree). Both sides read one Git
 * mirror, fetched before the rounds. Wall time and CPU time (this JVM, emulator included, plus the
 * kustomize processes it waited for), and the ratio.
 * Then drift of 50 apps of 20 objects: one {@link DriftCheck} against one diff per app.
 */
final class AppsBench {

    private AppsBench() {
    }

    /** Wall and CPU ms of one step. */
    record Cost(double wallMs, double cpuMs) {
    }

    record Side(Cost render, Cost sync, Cost warmRender, Cost warmSync, long warmWrites, int apps, long cacheHits) {
    }

    static void run(int rounds) throws Exception {
        int parallel = Integer.getInteger("apps.parallel", AppTreeSync.DEFAULT_PARALLEL);
        Path workload = Workloads.kubeflow().orElseThrow(() -> new IllegalStateException(
                "../shared/workloads/kubeflow is missing: run from the checkout root"));
        Path tmp = Files.createTempDirectory("bench-apps");
        Path repo = tmp.resolve("gitops");
        int components = KubeflowApps.writeRepository(workload, repo).size();
        App tree = new App("kubeflow", "argocd", List.of(new AppSource(repo.toString(), "argocd/apps", "main", "", "", RenderSpec.auto())),
                new Destination("https://kubernetes.default.svc", "", "argocd"), List.of());
        App single = new App("kubeflow-example", "argocd", List.of(new AppSource(repo.toString(), "offline/manifests/example", "main", "", "",
                RenderSpec.auto())), new Destination("https://kubernetes.default.svc", "", "kubeflow"), List.of());
        MirrorCache mirrors = new MirrorCache(tmp.resolve("repos"), line -> System.out.println("#   " + line));
        mirrors.checkout(io.jenkins.plugins.gitops.source.GitSource.of(repo.toString(), "main")); // both sides read one warm mirror
        System.out.printf("# apps: %d components as Applications under one root, parallel %d; the example as one app%n", components, parallel);
        coldProcesses(repo, tmp, rounds);

        List<Side> ours = new ArrayList<>();
        List<Side> peer = new ArrayList<>();
        for (int r = -1; r < rounds; r++) {
            boolean treeFirst = (r & 1) == 0;
            Path dir = tmp.resolve("round" + (r + 1));
            Side a = treeFirst ? side(tree, mirrors, dir.resolve("tree"), parallel) : side(single, mirrors, dir.resolve("single"), parallel);
            Side b = treeFirst ? side(single, mirrors, dir.resolve("single"), parallel) : side(tree, mirrors, dir.resolve("tree"), parallel);
            Side t = treeFirst ? a : b;
            Side s = treeFirst ? b : a;
            System.out.printf("#   apps round %s (%s first): %d apps render %.0f ms (cpu %.0f), sync %.0f ms (cpu %.0f), warm %.0f+%.0f ms, %d writes,"
                            + " %d/%d cached | one app render %.0f ms (cpu %.0f), sync %.0f ms (cpu %.0f), warm %.0f+%.0f ms | load %s%n",
                    r < 0 ? "warm-up" : String.valueOf(r + 1), treeFirst ? "apps" : "one app", t.apps, t.render.wallMs, t.render.cpuMs,
                    t.sync.wallMs, t.sync.cpuMs, t.warmRender.wallMs, t.warmSync.wallMs, t.warmWrites, t.cacheHits, t.apps,
                    s.render.wallMs, s.render.cpuMs, s.sync.wallMs, s.sync.cpuMs, s.warmRender.wallMs, s.warmSync.wallMs, Benchmarks.load());
            if (r >= 0) {
                ours.add(t);
                peer.add(s);
            }
        }
        row("cold render, median ms wall", ours, peer, x -> x.render.wallMs, "ms", "ratio <= 1.3");
        row("cold render, median ms CPU (JVM + kustomize)", ours, peer, x -> x.render.cpuMs, "ms", "-");
        row("cold first sync, median ms wall", ours, peer, x -> x.sync.wallMs, "ms", "ratio <= 1.3");
        row("cold first sync, median ms CPU (JVM, emulator incl.)", ours, peer, x -> x.sync.cpuMs, "ms", "-");
        row("cold render + sync, median ms wall", ours, peer, x -> x.render.wallMs + x.sync.wallMs, "ms", "ratio <= 1.3");
        row("warm render + re-sync, median ms wall", ours, peer, x -> x.warmRender.wallMs + x.warmSync.wallMs, "ms", "ours <= 1000 ms");
        row("warm render + re-sync, median ms CPU", ours, peer, x -> x.warmRender.cpuMs + x.warmSync.cpuMs, "ms", "-");
        Table.row("apps", "warm: writes reaching the server (Leases, dry runs incl.) / apps from cache", ours.get(0).warmWrites + " / " + ours.get(0).cacheHits + " of "
                + ours.get(0).apps, peer.get(0).warmWrites + " / " + peer.get(0).cacheHits + " of 1", Double.NaN, "0 writes, all");
        drift();
    }

    /**
     * The path a user runs: a fresh {@code cli/gitops apps} process (the launcher: first-tier JIT, its class archive)
     * against a fresh {@code gitops emulator} process, the tree's root Application against the example as one
     * Application, alternating which goes first. Per round and side: into one fresh emulator, a run with an empty
     * render cache (cold render and first sync), then the same again (render from cache, a re-sync that writes
     * nothing); into a second fresh emulator, a run from that cache (render from cache, first sync). Wall time of each
     * process; the emulators' CPU apart. The warm-up round also writes the launcher's class archive for apps.
     */
    private static void coldProcesses(Path repo, Path tmp, int rounds) throws Exception {
        Path jar = Path.of("cli", "target", "gitops.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn -q -B -DskipJenkinsPlugin -DskipTests package` from the checkout root");
        }
        Path dir = Files.createDirectories(tmp.resolve("processes"));
        Map<String, String> env = Map.of("GITOPS_CDS_DIR", dir.resolve("cds").toString());
        List<Path> apps = List.of(Files.writeString(dir.resolve("tree.yaml"), application("kubeflow", repo, "argocd/apps", "argocd")),
                Files.writeString(dir.resolve("single.yaml"), application("kubeflow-example", repo, "offline/manifests/example", "kubeflow")));
        // per side: cold render + first sync, cached render + first sync, cached render + re-sync
        List<List<List<Double>>> walls = List.of(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()),
                List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        List<List<Double>> serverCpu = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = -1; r < rounds; r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 2; i++) {
                int side = (r + i + 2) % 2; // the tree first in even rounds
                Path run = Files.createDirectories(dir.resolve("round" + (r + 1) + "-" + side));
                List<String> c = new ArrayList<>(ColdBench.launcher());
                c.addAll(List.of("apps", "--application", apps.get(side).toString(), "--cache-dir", run.resolve("cache").toString(), "--output", "json"));
                double[] w = new double[3];
                double cpu;
                try (ColdBench.Emulator emu = ColdBench.Emulator.start(jar, run.resolve("a"))) {
                    double cpu0 = emu.cpuMillis();
                    List<String> into = ColdBench.concat(c, "--kubeconfig", emu.kubeconfig.toString());
                    w[0] = appsRun(into, run.resolve("cold.json"), env, false, false);
                    w[2] = appsRun(into, run.resolve("again.json"), env, true, true);
                    cpu = emu.cpuMillis() - cpu0;
                }
                try (ColdBench.Emulator emu = ColdBench.Emulator.start(jar, run.resolve("b"))) {
                    double cpu0 = emu.cpuMillis();
                    w[1] = appsRun(ColdBench.concat(c, "--kubeconfig", emu.kubeconfig.toString()), run.resolve("first.json"), env, true, false);
                    cpu += emu.cpuMillis() - cpu0;
                }
                line.append(String.format(" %s: cold render + first sync %.0f ms, cached + first sync %.0f ms, cached + re-sync %.0f ms,"
                        + " emulators %.1f s CPU;", side == 0 ? "27 apps" : "one app", w[0], w[1], w[2], cpu / 1000));
                if (r >= 0) {
                    for (int k = 0; k < 3; k++) {
                        walls.get(side).get(k).add(w[k]);
                    }
                    serverCpu.get(side).add(cpu);
                }
            }
            System.out.printf("#   apps processes round %s:%s load %s%n", r < 0 ? "warm-up" : String.valueOf(r + 1), line, Benchmarks.load());
        }
        String[] metric = {"render + first sync", "render from cache + first sync", "render from cache + re-sync (0 writes)"};
        for (int k = 0; k < 3; k++) {
            List<Double> tree = walls.get(0).get(k);
            List<Double> one = walls.get(1).get(k);
            System.out.printf("#   cli/gitops apps process, %s per round (ms wall): 27 apps %s, one app %s%n", metric[k], Benchmarks.fmt(tree), Benchmarks.fmt(one));
            Table.row("apps", "cli/gitops apps process, emulator process: " + metric[k] + ", ms wall", Benchmarks.median(tree), Benchmarks.median(one),
                    "ms", "ratio <= 1.3");
        }
        Table.row("apps", "cli/gitops apps processes: emulator CPU for the three runs, ms", Benchmarks.median(serverCpu.get(0)),
                Benchmarks.median(serverCpu.get(1)), "ms", "-");
    }

    /**
     * One {@code gitops apps} process, its wall time. It must succeed: a first sync creates the 683 objects, a re-sync
     * writes nothing, and a run from the cache ({@code cached}) renders no app again.
     */
    private static double appsRun(List<String> command, Path out, Map<String, String> env, boolean cached, boolean resync) throws Exception {
        double wall = Benchmarks.timed(command, out, null, env);
        com.fasterxml.jackson.databind.JsonNode result = ColdBench.JSON.readTree(out.toFile());
        long writes = 0;
        long created = 0;
        for (com.fasterxml.jackson.databind.JsonNode app : result.path("apps")) {
            if (cached && app.path("objectCount").asInt() > app.path("applications").asInt() && !app.path("cacheHit").asBoolean()) {
                throw new IllegalStateException("gitops apps rendered " + app.path("app").asText() + " again instead of reading its cache: " + out);
            }
            writes += app.path("sync").path("writes").asLong();
            created += app.path("sync").path("created").asLong();
        }
        if (!result.path("succeeded").asBoolean() || (resync ? writes != 0 : created != 683)) {
            throw new IllegalStateException("gitops apps " + (resync ? "re-sync wrote " + writes + " times" : "created " + created + " objects, not 683")
                    + ": " + out);
        }
        return wall;
    }

    private static String application(String name, Path repo, String path, String namespace) {
        return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: " + name + "\n  namespace: argocd\nspec:\n  project: default\n"
                + "  source:\n    repoURL: " + repo + "\n    path: " + path + "\n    targetRevision: main\n"
                + "  destination:\n    server: https://kubernetes.default.svc\n    namespace: " + namespace + "\n";
    }

    private static void row(String metric, List<Side> ours, List<Side> peer, java.util.function.ToDoubleFunction<Side> f, String unit, String goal) {
        List<Double> o = ours.stream().map(f::applyAsDouble).toList();
        List<Double> p = peer.stream().map(f::applyAsDouble).toList();
        System.out.printf("#   %s per round: 27 apps %s, one app %s%n", metric, Benchmarks.fmt(o), Benchmarks.fmt(p));
        Table.row("apps", metric, Benchmarks.median(o), Benchmarks.median(p), unit, goal);
    }

    private static SyncOptions opts() {
        return SyncOptions.builder("apps").initiator("bench").timeout(Duration.ofMinutes(3)).build();
    }

    private static Side side(App root, MirrorCache mirrors, Path cache, int parallel) throws IOException {
        Path renders = cache.resolve("renders");
        long[] c0 = cpu();
        List<AppRender> tree = expander(mirrors, renders, parallel).expand(root);
        Cost render = since(c0);
        failed(tree);
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            AppTreeSync sync = new AppTreeSync(new SyncEngine(cluster));
            long[] c1 = cpu();
            List<AppTreeSync.AppSync> first = sync.sync(tree, opts(), false, parallel);
            Cost synced = since(c1);
            check(first, "first sync");
            long[] c2 = cpu();
            List<AppRender> again = expander(mirrors, renders, parallel).expand(root);
            Cost warmRender = since(c2);
            long[] c3 = cpu();
            long serverWrites = kube.requests().writes();
            List<AppTreeSync.AppSync> resynced = sync.sync(again, opts(), false, parallel);
            Cost warmSync = since(c3);
            check(resynced, "re-sync");
            // what reached the server, Leases and dry runs included, not only what the results count as their own
            long writes = kube.requests().writes() - serverWrites;
            long apps = again.stream().filter(r -> !AppTreeSync.own(r).kubeObjects().isEmpty()).count();
            long hits = again.stream().filter(r -> !AppTreeSync.own(r).kubeObjects().isEmpty() && r.cacheHit()).count();
            return new Side(render, synced, warmRender, warmSync, writes, (int) apps, hits);
        }
    }

    private static AppExpander expander(MirrorCache mirrors, Path renders, int parallel) {
        // a new service per run, as a new process has: what a warm run finds is on disk
        RenderService service = new RenderService(mirrors, new RenderCache(Optional.of(renders), 8, line -> System.out.println("#   " + line)));
        return new AppExpander(service, url -> GitCredentials.none(), 5).withParallel(parallel);
    }

    private static void failed(List<AppRender> tree) {
        for (AppRender r : tree) {
            if (r.failed()) {
                throw new IllegalStateException(r.error());
            }
        }
    }

    private static void check(List<AppTreeSync.AppSync> results, String what) {
        for (AppTreeSync.AppSync a : results) {
            if (!a.succeeded()) {
                throw new IllegalStateException(what + " of " + a.app() + " failed: " + a.error() + a.result().map(SyncResult::table).orElse(""));
            }
        }
    }

    /** {wall ns, this JVM's CPU ns, CPU ns of the child processes it waited for}. */
    private static long[] cpu() {
        return new long[] {System.nanoTime(), jvmCpu(), childrenCpu()};
    }

    private static Cost since(long[] at) {
        long[] now = cpu();
        return new Cost((now[0] - at[0]) / 1e6, ((now[1] - at[1]) + (now[2] - at[2])) / 1e6);
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** cutime + cstime of /proc/self/stat (clock ticks of 10 ms): the kustomize processes. */
    private static long childrenCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** 50 apps of 20 objects each: requests and time of one DriftCheck against one diffLastApplied per app. */
    private static void drift() {
        int apps = 50;
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            SyncEngine engine = new SyncEngine(cluster);
            SyncOptions shared = SyncOptions.builder("drift").initiator("bench").build();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < apps; i++) {
                names.add("app" + i);
                engine.sync(RenderedSet.of(ManifestParser.parse(driftApp(i), "app.yaml"), "c1", "file", ""), shared.withApp("app" + i));
            }
            List<Double> batchMs = new ArrayList<>();
            List<Double> eachMs = new ArrayList<>();
            long batchCalls = 0;
            long eachCalls = 0;
            long batchGets = 0;
            long eachGets = 0;
            long batchLists = 0;
            for (int r = 0; r < 6; r++) {
                kube.requests().reset();
                long t0 = System.nanoTime();
                List<DriftCheck.AppDrift> d = new DriftCheck(cluster).check(names, shared);
                batchMs.add((System.nanoTime() - t0) / 1e6);
                if (d.stream().anyMatch(DriftCheck.AppDrift::drifted)) {
                    throw new IllegalStateException("drift where there is none");
                }
                batchCalls = kube.requests().total();
                batchGets = kube.requests().count("get");
                batchLists = kube.requests().count("list");
                kube.requests().reset();
                long t1 = System.nanoTime();
                for (String n : names) {
                    engine.diffLastApplied(shared.withApp(n));
                }
                eachMs.add((System.nanoTime() - t1) / 1e6);
                eachCalls = kube.requests().total();
                eachGets = kube.requests().count("get");
            }
            Table.row("drift", "50 apps x 20 objects: requests per poll (peer: a diff per app)", batchCalls, eachCalls, "", "1 LIST/kind+ns");
            Table.row("drift", "  of which GETs / LISTs (ours)", batchGets + " / " + batchLists, eachGets + " GETs", Double.NaN, "0 GETs");
            Table.row("drift", "50 apps x 20 objects: median ms per poll, 5 of 6", Benchmarks.median(batchMs.subList(1, 6)),
                    Benchmarks.median(eachMs.subList(1, 6)), "ms", "-");
        }
    }

    private static String driftApp(int i) {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata: {name: team" + i + "}\n");
        for (int c = 0; c < 15; c++) {
            b.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm").append(c).append(", namespace: team").append(i)
                    .append("}\ndata: {k: v").append(c).append("}\n");
        }
        for (int s = 0; s < 2; s++) {
            b.append("---\napiVersion: v1\nkind: Secret\nmetadata: {name: s").append(s).append(", namespace: team").append(i)
                    .append("}\nstringData: {password: pw").append(s).append("}\n");
            b.append("---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa").append(s).append(", namespace: team").append(i).append("}\n");
        }
        return b.toString();
    }
}
