package io.jenkins.plugins.gitops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Speed and memory benchmarks, each measured side by side with a named peer in the same run
 * and printed as a table row: ours, peer, ratio (ours / peer), goal, machine load.
 *
 * <pre>
 * mvn -q -B -DskipJenkinsPlugin -DskipTests package
 * java -cp "bench/target/bench.jar:bench/target/lib/*" io.jenkins.plugins.gitops.bench.Benchmarks all
 * </pre>
 *
 * Subcommands: {@code cold} (fresh CLI processes against an emulator process), {@code sync}, {@code render}, {@code wait}, {@code image}, {@code apps} (27 Applications against one app: fresh {@code cli/gitops apps} processes, then in this JVM; drift of 50 apps), {@code all}. Option
 * {@code --rounds N} (default 5; the wait benchmark uses 3x as many). Run from the checkout
 * root: the Kubeflow workload is looked for at {@code ../shared/workloads/kubeflow}.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        int rounds = 5;
        int i = a.indexOf("--rounds");
        if (i >= 0) {
            rounds = Integer.parseInt(a.get(i + 1));
            a.remove(i + 1);
            a.remove(i);
        }
        String what = a.isEmpty() ? "all" : a.get(0);
        System.out.printf("# benchmarks %s, %s, %d cores, java %s, rounds %d, load at start %s%n", what, Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rounds, load());
        Table.header();
        switch (what) {
            case "sync" -> SyncBench.run(rounds);
            case "render" -> RenderBench.run(rounds);
            case "wait" -> WaitBench.run(rounds * 3);
            case "image" -> ImageBench.run(rounds);
            case "cold" -> ColdBench.run(rounds);
            case "apps" -> AppsBench.run(rounds);
            case "all" -> {
                ColdBench.run(rounds);
                SyncBench.run(rounds);
                RenderBench.run(rounds);
                WaitBench.run(rounds * 3);
                ImageBench.run(rounds);
                AppsBench.run(rounds);
            }
            default -> {
                System.err.println("usage: Benchmarks [cold|sync|render|wait|image|apps|all] [--rounds N]");
                System.exit(2);
            }
        }
        System.out.printf("# done %s, load at end %s%n", Instant.now(), load());
        System.exit(0);
    }

    /** The 1, 5 and 15 minute load averages. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The 90th percentile (nearest rank). */
    static double p90(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.max(0, (int) Math.ceil(0.9 * s.size()) - 1));
    }

    static String fmt(List<Double> values) {
        StringBuilder b = new StringBuilder("[");
        for (Double v : values) {
            b.append(b.length() > 1 ? " " : "").append(String.format(Locale.ROOT, "%.0f", v));
        }
        return b.append(']').toString();
    }

    /** Runs a command to its end; returns its wall time in ms; fails on a non-zero exit. */
    static double timed(List<String> cmd, Path stdout, String stdin) throws IOException, InterruptedException {
        return timed(cmd, stdout, stdin, Map.of());
    }

    /** {@link #timed(List, Path, String)} with variables added to the process's environment. */
    static double timed(List<String> cmd, Path stdout, String stdin, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            p.getOutputStream().close();
        }
        int rc = p.waitFor();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc);
        }
        return ms;
    }

    /** The printed table. */
    static final class Table {
        private Table() {
        }

        private static String num(double v, String unit) {
            String n = v == Math.rint(v) && unit.isEmpty() ? String.format(Locale.ROOT, "%.0f", v)
                    : String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.2f" : "%.1f", v);
            return unit.isEmpty() ? n : n + " " + unit;
        }

        static void header() {
            System.out.printf("| %-7s | %-52s | %12s | %12s | %7s | %-14s | %-14s |%n", "bench", "metric", "ours", "peer", "ratio", "goal", "load");
            System.out.printf("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(9), "-".repeat(54), "-".repeat(14), "-".repeat(14), "-".repeat(9), "-".repeat(16), "-".repeat(16));
        }

        static void row(String bench, String metric, String ours, String peer, double ratio, String goal) {
            System.out.printf("| %-7s | %-52s | %12s | %12s | %7s | %-14s | %-14s |%n", bench, metric, ours, peer,
                    Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.3f", ratio), goal, load());
            System.out.flush();
        }

        static void row(String bench, String metric, double ours, double peer, String unit, String goal) {
            row(bench, metric, num(ours, unit), Double.isNaN(peer) ? "-" : num(peer, unit),
                    Double.isNaN(peer) || peer == 0 ? Double.NaN : ours / peer, goal);
        }
    }
}
