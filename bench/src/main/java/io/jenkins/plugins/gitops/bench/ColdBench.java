package io.jenkins.plugins.gitops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.bench.Benchmarks.Table;
import io.jenkins.plugins.gitops.testkit.tools.Workloads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The paths a user runs, cold: every command is a fresh {@code java -jar cli/target/gitops.jar}
 * process (JVM start, class loading and an unwarmed JIT included) against a {@code gitops
 * emulator} running in its own process, the way a Jenkins agent or a shell script runs it. The
 * in-JVM {@link SyncBench} shares one warm JVM between the engine and the emulator; this one shares
 * nothing but the machine.
 *
 * <ul>
 * <li>first sync of the Kubeflow bundle: {@code gitops sync --manifests} against kubectl's best
 * correct path (apply the CRDs, {@code kubectl wait --for=condition=Established}, apply the rest),
 * each into an emulator process of its own, alternating which goes first: first emulators warmed
 * up before they listen ({@code --warm-up}, standing in for a kube-apiserver, which compiles
 * nothing), then fresh ones, whose JIT shares the measured command's cores;</li>
 * <li>render of an unchanged revision (a render cache hit) from a new process, with and without
 * {@code --out}, against {@code kubectl kustomize} of the same folder.</li>
 * </ul>
 *
 * Needs {@code cli/target/gitops.jar} (built by {@code mvn package}) and kubectl.
 */
final class ColdBench {

    static final ObjectMapper JSON = new ObjectMapper();

    private ColdBench() {
    }

    static void run(int rounds) throws Exception {
        Path jar = Path.of("cli", "target", "gitops.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn -q -B -DskipJenkinsPlugin -DskipTests package` from the checkout root");
        }
        Path render = Workloads.kubeflowRender().orElseThrow(() -> new IllegalStateException(
                "kubectl or ../shared/workloads/kubeflow is missing: run from the checkout root"));
        Path tmp = Files.createTempDirectory("bench-cold");
        // the launcher's class archives live in the bench's folder: the first launcher run of each
        // command writes one (reported on its own), the later ones map it, as on a user's machine
        launcherEnv = Map.of("GITOPS_CDS_DIR", tmp.resolve("cds").toString());
        System.out.println("# emulator processes: " + String.join(" ", Emulator.command(jar, Path.of("KUBECONFIG"), WARM_UP))
                + " (warmed), the same without --warm-up (fresh)");
        // first the emulator as a stand-in for a kube-apiserver, which compiles nothing: warmed up
        // before it listens (EmulatorWarmUp), so the measured syncs do not share their cores with
        // its JIT; then fresh emulators, each paying its JIT during the measured sync
        sync(jar, render, tmp, rounds, WARM_UP);
        sync(jar, render, tmp, rounds, 0);
        memory(jar, render, tmp);
        cachedRender(jar, tmp, rounds);
    }

    private static Map<String, String> launcherEnv = Map.of();

    /**
     * A first sync of the bundle by the launcher with the heap capped at 256 MB (issue 16): it must
     * succeed; the JVM's GC log gives the most heap it kept after a collection.
     */
    private static void memory(Path jar, Path render, Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("memory"));
        Path gcLog = dir.resolve("gc.log");
        try (Emulator emu = Emulator.start(jar, dir)) {
            Map<String, String> env = new java.util.HashMap<>(launcherEnv);
            env.put("GITOPS_JAVA_OPTS", "-Xmx256m -Xlog:gc:file=" + gcLog);
            double[] e = engineSync(launcher(), emu.kubeconfig, render, dir, env);
            long maxAfter = 0;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(Files.readString(gcLog));
            while (m.find()) {
                // a young collection that frees nothing (211M->211M in 0.05 ms) did not run: the serial collector gave way
                // to a full collection, whose line follows with what was live
                if (!m.group(1).equals(m.group(2))) {
                    maxAfter = Math.max(maxAfter, Long.parseLong(m.group(2)));
                }
            }
            System.out.printf("#   sync with -Xmx256m: succeeded in %.0f ms wall, most heap kept after a collection %d MB%n", e[0], maxAfter);
            Table.row("cold", "first sync under -Xmx256m: most heap live after GC, MB", maxAfter, 256, "", "ratio <= 1 (succeeds)");
        }
    }

    /** Rounds of {@code gitops emulator --warm-up} for the warmed emulator processes. */
    static final int WARM_UP = 3;

    private static boolean archiveWritten;

    private static void sync(Path jar, Path render, Path tmp, int rounds, int warmUp) throws Exception {
        String emulator = warmUp > 0 ? "warmed emulator" : "fresh emulator";
        List<String> docs = Workloads.documents(Files.readString(render));
        StringBuilder crds = new StringBuilder();
        StringBuilder rest = new StringBuilder();
        for (String d : docs) {
            (d.contains("\nkind: CustomResourceDefinition\n") || d.startsWith("kind: CustomResourceDefinition\n") ? crds : rest).append("---\n").append(d);
        }
        Path crdFile = Files.writeString(tmp.resolve("crds.yaml"), crds);
        Path restFile = Files.writeString(tmp.resolve("rest.yaml"), rest);
        List<List<String>> commands = List.of(launcher(), List.of(java(), "-jar", jar.toString()));
        List<List<Double>> wall = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> inProcess = List.of(new ArrayList<>(), new ArrayList<>());
        List<Double> peerWall = new ArrayList<>();
        List<List<Double>> emulatorCpu = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        double firstLauncherRun = Double.NaN;
        for (int r = -1; r < rounds; r++) {
            // three sides, each into its own fresh emulator process, in a rotating order
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                int side = Math.floorMod(r + i, 3);
                Path dir = Files.createDirectories(tmp.resolve("sync" + warmUp + "-" + r + "-" + side));
                try (Emulator emu = Emulator.start(jar, dir, warmUp)) {
                    double cpu0 = emu.cpuMillis();
                    if (side == 2) {
                        double k = kubectlSync(emu.kubeconfig, dir, crdFile, restFile);
                        line.append(String.format(" kubectl %.0f ms", k));
                        if (r >= 0) {
                            peerWall.add(k);
                        }
                    } else {
                        boolean first = side == 0 && !archiveWritten;
                        archiveWritten |= first;
                        double[] e = engineSync(commands.get(side), emu.kubeconfig, render, dir, side == 0 ? launcherEnv : Map.of());
                        line.append(String.format(" %s %.0f ms wall (%.0f ms in-process)", side == 0 ? (first ? "gitops launcher (first run: writes its class archive)" : "gitops launcher") : "java -jar", e[0], e[1]));
                        if (first) {
                            firstLauncherRun = e[0];
                        } else if (r >= 0) {
                            wall.get(side).add(e[0]);
                            inProcess.get(side).add(e[1]);
                        }
                    }
                    double cpu = emu.cpuMillis() - cpu0;
                    line.append(String.format(", emulator %.1f s CPU;", cpu / 1000));
                    if (r >= 0) {
                        emulatorCpu.get(side).add(cpu);
                    }
                }
            }
            System.out.printf("#   cold sync, %s, round %s:%s load %s%n", emulator, r < 0 ? "warm-up" : String.valueOf(r + 1), line, Benchmarks.load());
        }
        System.out.printf("#   cold first sync, %s, per round (ms wall): launcher %s java -jar %s kubectl %s%n", emulator, Benchmarks.fmt(wall.get(0)),
                Benchmarks.fmt(wall.get(1)), Benchmarks.fmt(peerWall));
        double peer = Benchmarks.median(peerWall);
        Table.row("cold", "first sync, cli/gitops process, " + emulator + " process, ms wall", Benchmarks.median(wall.get(0)), peer, "ms", "ratio <= 0.333");
        Table.row("cold", "first sync, java -jar process, " + emulator + " process, ms wall", Benchmarks.median(wall.get(1)), peer, "ms", "ratio <= 0.333");
        Table.row("cold", "first sync, cli/gitops: its own durationMs, " + emulator, Benchmarks.median(inProcess.get(0)), peer, "ms", "-");
        Table.row("cold", "first sync, java -jar: its own durationMs, " + emulator, Benchmarks.median(inProcess.get(1)), peer, "ms", "-");
        if (!Double.isNaN(firstLauncherRun)) {
            Table.row("cold", "first sync, cli/gitops, very first run (writes class archive), ms wall", firstLauncherRun, peer, "ms", "-");
        }
        Table.row("cold", "first sync: " + emulator + " CPU serving cli/gitops vs kubectl, ms", Benchmarks.median(emulatorCpu.get(0)),
                Benchmarks.median(emulatorCpu.get(2)), "ms", "-");
    }

    /** {@code cli/gitops}, the launcher with JVM settings for a short-lived tool. */
    static List<String> launcher() {
        return List.of(Path.of("cli", "gitops").toAbsolutePath().toString());
    }

    /** Wall time of the fresh process, and the durationMs it reports. */
    private static double[] engineSync(List<String> command, Path kubeconfig, Path render, Path dir, Map<String, String> env) throws Exception {
        Path out = dir.resolve("sync.json");
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("sync", "--app", "kubeflow", "--manifests", render.toString(), "--kubeconfig", kubeconfig.toString(), "--output", "json"));
        double wall = Benchmarks.timed(cmd, out, null, env);
        JsonNode result = JSON.readTree(out.toFile());
        if (result.path("created").asInt() != 683) {
            throw new IllegalStateException("gitops sync did not create 683 objects: " + Files.readString(out));
        }
        return new double[] {wall, result.path("durationMs").asDouble()};
    }

    private static double kubectlSync(Path kubeconfig, Path dir, Path crdFile, Path restFile) throws Exception {
        String cache = dir.resolve("kube-cache").toString();
        List<String> k = List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache);
        long t0 = System.nanoTime();
        Benchmarks.timed(concat(k, "apply", "--server-side", "--validate=false", "-f", crdFile.toString()), null, null);
        Benchmarks.timed(concat(k, "wait", "--for=condition=Established", "--timeout=120s", "crd", "--all"), null, null);
        Benchmarks.timed(concat(k, "apply", "--server-side", "--validate=false", "-f", restFile.toString()), null, null);
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * A render cache hit from a new process: the Kubeflow folders are committed into a temporary
     * Git repository (the render cache keys Git trees; a plain folder is always rendered), rendered
     * once to fill the cache, then rendered again by fresh processes, to standard output discarded
     * (JSON summary) and with {@code --out}.
     */
    private static void cachedRender(Path jar, Path tmp, int rounds) throws Exception {
        Path kubeflow = Workloads.kubeflow().orElseThrow();
        Path repo = tmp.resolve("kubeflow-repo");
        copyTree(kubeflow, repo);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "kubeflow");
        Path cacheDir = tmp.resolve("render-cache");
        List<String> args = List.of("render", "--repo", repo.toString(), "--path", "offline/manifests/example", "--cache-dir", cacheDir.toString());
        List<String> base = new ArrayList<>(launcher());
        base.addAll(args);
        List<String> plain = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        plain.addAll(args);
        Path summary = tmp.resolve("render.json");
        Benchmarks.timed(concat(base, "--output", "json"), summary, null, launcherEnv); // fills the cache
        List<Double> wall = new ArrayList<>();
        List<Double> inProcess = new ArrayList<>();
        List<Double> wallOut = new ArrayList<>();
        List<Double> kubectl = new ArrayList<>();
        List<Double> plainWall = new ArrayList<>();
        Path outFile = tmp.resolve("out.yaml");
        for (int r = -1; r < rounds; r++) {
            double w = Benchmarks.timed(concat(base, "--output", "json"), summary, null, launcherEnv);
            JsonNode s = JSON.readTree(summary.toFile());
            if (!s.path("cacheHit").asBoolean()) {
                throw new IllegalStateException("the second render was not a cache hit: " + Files.readString(summary));
            }
            double wo = Benchmarks.timed(concat(base, "--out", outFile.toString()), null, null, launcherEnv);
            double wp = Benchmarks.timed(concat(plain, "--out", outFile.toString()), null, null);
            double k = Benchmarks.timed(List.of("kubectl", "kustomize", repo.resolve("offline/manifests/example").toString()), null, null);
            System.out.printf("#   cached render round %s: %.0f ms wall (%.0f ms in-process), with --out %.0f ms (java -jar %.0f ms); kubectl kustomize %.0f ms; load %s%n",
                    r < 0 ? "warm-up" : String.valueOf(r + 1), w, durationMs(s), wo, wp, k, Benchmarks.load());
            if (r >= 0) {
                wall.add(w);
                inProcess.add(durationMs(s));
                wallOut.add(wo);
                plainWall.add(wp);
                kubectl.add(k);
            }
        }
        Table.row("cold", "cached render, cli/gitops process, in-process ms", Benchmarks.median(inProcess), Double.NaN, "ms", "<= 300 ms");
        Table.row("cold", "cached render, cli/gitops process, ms wall", Benchmarks.median(wall), Benchmarks.median(kubectl), "ms", "<= 1000 ms");
        Table.row("cold", "cached render --out (12 MB), cli/gitops process, ms wall", Benchmarks.median(wallOut), Benchmarks.median(kubectl), "ms", "<= 1000 ms");
        Table.row("cold", "cached render --out (12 MB), java -jar process, ms wall", Benchmarks.median(plainWall), Benchmarks.median(kubectl), "ms", "<= 1000 ms");
    }

    private static double durationMs(JsonNode summary) {
        return summary.path("durationMs").asDouble();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Benchmarks.timed(cmd, null, null);
    }

    static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A {@code gitops emulator} process, up once it has written its kubeconfig and said where it listens. */
    static final class Emulator implements AutoCloseable {
        final Process process;
        final Path kubeconfig;

        private Emulator(Process process, Path kubeconfig) {
            this.process = process;
            this.kubeconfig = kubeconfig;
        }

        /**
         * JVM options of every emulator process of the run, from {@code -Demulator.jvm="..."} (none by default): a fresh
         * emulator spends most of its CPU in its own JIT (10.6 s of the 11.8 s it used serving one first sync of the
         * bundle, C2 8.4 s: {@code -XX:+CITime}), on the cores the measured commands use, which a kube-apiserver does not;
         * {@code -XX:TieredStopAtLevel=1} takes most of that out of both sides' measurement.
         */
        private static final List<String> JVM = Stream.of(System.getProperty("emulator.jvm", "").trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();

        /** The emulator's command line, its JVM options ({@link #JVM}) included; {@code --warm-up} when {@code warmUp} > 0. */
        static List<String> command(Path jar, Path kubeconfig, int warmUp) {
            List<String> cmd = new ArrayList<>(List.of(java()));
            cmd.addAll(JVM);
            cmd.addAll(List.of("-jar", jar.toString(), "emulator", "--kubeconfig", kubeconfig.toString()));
            if (warmUp > 0) {
                cmd.addAll(List.of("--warm-up", Integer.toString(warmUp)));
            }
            return cmd;
        }

        /** A fresh emulator process. */
        static Emulator start(Path jar, Path dir) throws IOException {
            return start(jar, dir, 0);
        }

        /** An emulator process, warmed up by {@code warmUp} rounds (0: none) before it listens. */
        static Emulator start(Path jar, Path dir, int warmUp) throws IOException {
            Path kubeconfig = dir.resolve("kubeconfig");
            Process p = new ProcessBuilder(command(jar, kubeconfig, warmUp)).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("kubeconfig written to")) {
                    // keep draining so the emulator never blocks on a full pipe
                    Thread drain = new Thread(() -> {
                        try {
                            while (out.readLine() != null) {
                                // discard
                            }
                        } catch (IOException ignored) {
                            // the process ended
                        }
                    }, "emulator-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Emulator(p, kubeconfig);
                }
            }
            throw new IllegalStateException("gitops emulator ended before it was up (exit " + p.exitValue() + ")");
        }

        /** CPU time the emulator process has used so far (all its threads: JIT and GC included). */
        double cpuMillis() {
            return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
