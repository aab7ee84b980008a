package io.jenkins.plugins.gitops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.bench.Benchmarks.Table;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import io.jenkins.plugins.gitops.testkit.kube.sim.DeploymentSimulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Latency from the moment a Deployment turns healthy (its status write committed in the
 * emulator's store) to the moment a waiter returns: our {@link HealthWaiter} against
 * {@code kubectl wait --for=condition=Available} and {@code kubectl rollout status}, all three
 * started and watching BEFORE the rollout: each round runs a fresh emulator whose simulators
 * lack the Deployment controller; once the three waiters have opened their watches, the
 * Deployment simulator is attached and the Deployment touched, and the rollout happens.
 * kubectl's time is when it printed its verdict line (it may linger closing its watch).
 * Then the API requests each waiter makes during a 5 s wait on a Deployment that does not roll out.
 */
final class WaitBench {

    private WaitBench() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** When each Deployment's status first says Healthy for its generation. */
    static final class HealthyAt extends Controller {
        final Map<String, Long> nanos = new ConcurrentHashMap<>();
        private final HealthAssessor assessor = new HealthAssessor();

        @Override
        protected void onEvent(WatchEvent e) {
            if (!e.resourceType().kind().equals("Deployment") || e.type().equals("DELETED")) {
                return;
            }
            KubeObject d = KubeObject.of(e.object());
            if (assessor.assess(d).map(h -> h.status() == HealthStatus.HEALTHY).orElse(false)) {
                nanos.putIfAbsent(d.name(), System.nanoTime());
            }
        }
    }

    static ObjectNode deployment(String name) {
        ObjectNode d = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", name).put("namespace", "default").putObject("labels").put("gitops.jenkins.io/app", "bench");
        ObjectNode spec = d.putObject("spec").put("replicas", 2);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode tpl = spec.putObject("template");
        tpl.putObject("metadata").putObject("labels").put("app", name);
        tpl.putObject("spec").putArray("containers").addObject().put("name", "main").put("image", "nginx:1.27");
        return d;
    }

    /** Every simulator but the Deployment controller, and the probe. */
    private static KubeEmulator emulator(HealthyAt probe) {
        List<Controller> sims = new ArrayList<>(Simulators.all(new Failures()).stream().filter(c -> !(c instanceof DeploymentSimulator)).toList());
        sims.add(probe);
        return KubeEmulator.builder().controllers(sims).start();
    }

    static void run(int rounds) throws Exception {
        Path tmp = Files.createTempDirectory("bench-wait");
        List<Double> ours = new ArrayList<>();
        List<Double> wait = new ArrayList<>();
        List<Double> rollout = new ArrayList<>();
        int waitMissing = 0;
        for (int r = 0; r < rounds; r++) {
            double[] l = round(tmp.resolve("r" + r), "bench-" + r);
            System.out.printf("#   wait round %d: waiter %.1f ms, kubectl wait %s ms, kubectl rollout status %.1f ms; load %s%n", r + 1, l[0],
                    Double.isNaN(l[1]) ? "(no verdict)" : String.format("%.1f", l[1]), l[2], Benchmarks.load());
            ours.add(l[0]);
            rollout.add(l[2]);
            if (Double.isNaN(l[1])) {
                waitMissing++;
            } else {
                wait.add(l[1]);
            }
        }
        System.out.printf("#   waiter %s ms; kubectl wait %s ms; kubectl rollout status %s ms%n", Benchmarks.fmt(ours), Benchmarks.fmt(wait),
                Benchmarks.fmt(rollout));
        Table.row("wait", "healthy -> return, median ms vs kubectl wait Available", Benchmarks.median(ours),
                wait.isEmpty() ? Double.NaN : Benchmarks.median(wait), "ms", "ratio <= 1");
        Table.row("wait", "healthy -> return, p90 ms vs kubectl wait Available", Benchmarks.p90(ours),
                wait.isEmpty() ? Double.NaN : Benchmarks.p90(wait), "ms", "ours < 100 ms");
        if (waitMissing > 0) {
            System.out.printf("#   kubectl wait gave no verdict in %d of %d rounds%n", waitMissing, rounds);
        }
        Table.row("wait", "healthy -> return, median ms vs kubectl rollout status", Benchmarks.median(ours), Benchmarks.median(rollout), "ms", "ratio <= 1");
        Table.row("wait", "healthy -> return, p90 ms vs kubectl rollout status", Benchmarks.p90(ours), Benchmarks.p90(rollout), "ms", "ours < 100 ms");
        longWait(tmp.resolve("long"));
    }

    private static double[] round(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        HealthyAt probe = new HealthyAt();
        try (KubeEmulator kube = emulator(probe); Cluster cluster = Cluster.of(kube.config())) {
            Kubectl kubectl = new Kubectl(kube.writeKubeconfig(dir.resolve("kubeconfig")), dir.resolve("cache"));
            ObjectNode d = deployment(name);
            kube.apply(d, "gitops");
            kube.requests().reset();
            Process pw = kubectl.start("wait", "--for=condition=Available", "deployment/" + name, "-n", "default", "--timeout=20s");
            Process pr = kubectl.start("rollout", "status", "deployment/" + name, "-n", "default", "--timeout=20s");
            CompletableFuture<Long> fw = CompletableFuture.supplyAsync(() -> verdict(pw, "condition met"));
            CompletableFuture<Long> fr = CompletableFuture.supplyAsync(() -> verdict(pr, "successfully rolled out"));
            long[] lastProgress = {0};
            CompletableFuture<Long> fo = CompletableFuture.supplyAsync(() -> {
                try {
                    WaitResult res = new HealthWaiter(new ClusterKubeAccess(cluster)).await(
                            WaitState.of("bench", "", List.of(KubeObject.of(d)), Duration.ofSeconds(20), Clock.systemUTC()),
                            WaitOptions.defaults().withProgress(line -> lastProgress[0] = System.nanoTime()));
                    long at = System.nanoTime();
                    if (!res.healthy()) {
                        throw new IllegalStateException("waiter: " + res.summary());
                    }
                    return at;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // all three are watching before the rollout can start
            until(() -> kube.requests().count("watch") >= 3, 20_000);
            Thread.sleep(300);
            if (fo.isDone() || fr.isDone()) {
                throw new IllegalStateException("a waiter returned before the rollout");
            }
            kube.addController(new DeploymentSimulator(new Failures(), Duration.ofSeconds(2)));
            ObjectNode touch = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
            touch.putObject("metadata").put("name", name).put("namespace", "default").putObject("annotations").put("bench/start", "now");
            kube.apply(touch, "bench");
            long oursAt = fo.get(30, TimeUnit.SECONDS);
            long rolloutAt = fr.get(30, TimeUnit.SECONDS);
            Long waitAt;
            try {
                waitAt = fw.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                waitAt = null;
            }
            long healthy = probe.nanos.get(name);
            pw.destroy();
            pr.destroy();
            System.out.printf("#     waiter saw the verdict %.1f ms after healthy, returned %.1f ms after that%n",
                    (lastProgress[0] - healthy) / 1e6, (oursAt - lastProgress[0]) / 1e6);
            return new double[] {(oursAt - healthy) / 1e6, waitAt == null ? Double.NaN : (waitAt - healthy) / 1e6, (rolloutAt - healthy) / 1e6};
        }
    }

    /** Requests each waiter makes in 5 s of waiting on a Deployment that never rolls out (no Deployment controller). */
    private static void longWait(Path dir) throws Exception {
        Files.createDirectories(dir);
        Map<String, Map<String, Long>> byWaiter = new TreeMap<>();
        for (String who : List.of("waiter", "kubectl wait", "kubectl rollout status")) {
            HealthyAt probe = new HealthyAt();
            try (KubeEmulator kube = emulator(probe); Cluster cluster = Cluster.of(kube.config())) {
                Kubectl kubectl = new Kubectl(kube.writeKubeconfig(dir.resolve(who.replace(' ', '-') + ".kubeconfig")), dir.resolve("cache-" + who.replace(' ', '-')));
                ObjectNode d = deployment("idle");
                kube.apply(d, "gitops");
                kube.requests().reset();
                Process p = null;
                CompletableFuture<?> f = null;
                switch (who) {
                    case "waiter" -> f = CompletableFuture.runAsync(() -> {
                        try {
                            new HealthWaiter(new ClusterKubeAccess(cluster)).await(
                                    WaitState.of("bench", "", List.of(KubeObject.of(d)), Duration.ofSeconds(5), Clock.systemUTC()), WaitOptions.defaults());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    case "kubectl wait" -> p = kubectl.start("wait", "--for=condition=Available", "deployment/idle", "-n", "default", "--timeout=5s");
                    default -> p = kubectl.start("rollout", "status", "deployment/idle", "-n", "default", "--timeout=5s");
                }
                if (p != null) {
                    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    p.waitFor(20, TimeUnit.SECONDS);
                } else {
                    f.get(20, TimeUnit.SECONDS);
                }
                byWaiter.put(who, kube.requests().snapshot());
            }
        }
        System.out.printf("#   requests during a 5 s wait that does not finish: %s%n", byWaiter);
        Map<String, Long> o = byWaiter.get("waiter");
        Map<String, Long> k = byWaiter.get("kubectl wait");
        Table.row("wait", "5 s idle wait: requests (all verbs) vs kubectl wait", String.valueOf(o.values().stream().mapToLong(Long::longValue).sum()),
                String.valueOf(k.values().stream().mapToLong(Long::longValue).sum()),
                (double) o.values().stream().mapToLong(Long::longValue).sum() / Math.max(1, k.values().stream().mapToLong(Long::longValue).sum()),
                "watches, no polls");
    }

    private static void until(Supplier<Boolean> cond, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!cond.get()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("timed out waiting for the waiters to watch");
            }
            Thread.sleep(5);
        }
    }

    /** When kubectl printed its verdict line (then it is stopped). */
    private static long verdict(Process p, String line) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (l.contains(line)) {
                    long at = System.nanoTime();
                    p.destroy();
                    return at;
                }
                seen.append(l).append('\n');
            }
            throw new IllegalStateException("kubectl ended without '" + line + "': " + seen);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
