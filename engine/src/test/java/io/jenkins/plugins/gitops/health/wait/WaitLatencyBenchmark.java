package io.jenkins.plugins.gitops.health.wait;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import io.jenkins.plugins.gitops.testkit.tools.Kubectl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Latency from the moment the last object turns healthy (the status write committed in the
 * emulator's store) to the moment a wait returns: our waiter against {@code kubectl rollout status}
 * started together on the same rollouts. ({@code kubectl wait --for=condition=Available} never
 * printed "condition met" against the emulator within 40 s, so it is not measured here yet.)
 * Not part of the default test run (no Test suffix): {@code mvn ... -Dtest=WaitLatencyBenchmark}.
 */
class WaitLatencyBenchmark {

    @TempDir
    Path tmp;

    /** Records when each Deployment's status first says Healthy for its current generation. */
    static final class HealthyAt extends Controller {
        final Map<String, Long> nanos = new ConcurrentHashMap<>();
        private final HealthAssessor assessor = new HealthAssessor();

        @Override
        protected void onEvent(WatchEvent e) {
            if (!e.resourceType().kind().equals("Deployment") || e.type().equals("DELETED")) {
                return;
            }
            KubeObject d = KubeObject.of(e.object());
            boolean healthy = assessor.assess(d).map(h -> h.status() == HealthStatus.HEALTHY).orElse(false);
            if (healthy) {
                nanos.putIfAbsent(d.name() + "@" + d.at("/metadata/generation").asLong(), System.nanoTime());
            }
        }
    }

    @Test
    void latencyFromLastHealthyToReturn() throws Exception {
        int rounds = Integer.getInteger("rounds", 15);
        HealthyAt healthyAt = new HealthyAt();
        try (KubeEmulator kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).controller(healthyAt).start();
             KubernetesClient client = kube.client()) {
            Kubectl kubectl = new Kubectl(kube.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("kubectl-cache"));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
            List<Double> ours = new ArrayList<>();
            List<Double> rollout = new ArrayList<>();
            long watches = 0;
            long lists = 0;
            for (int i = 0; i < rounds; i++) {
                String name = "bench-" + i;
                KubeObject d = HealthWaiterTest.deployment(name, "nginx:1." + i, 2);
                // kubectl needs the object to exist before it can watch it: apply, then start all three
                // waiters at once; the rollout (ReplicaSet, 2 Pods, status) takes the simulators a few ms.
                kube.requests().reset();
                kube.apply(d.json(), "gitops");
                Process p1 = kubectl.start("rollout", "status", "deployment/" + name, "-n", "default", "--timeout=30s");
                CompletableFuture<Long> r1 = CompletableFuture.supplyAsync(() -> exitNanos(p1, "successfully rolled out"), pool);
                WaitResult result = new HealthWaiter(new Fabric8KubeAccess(client))
                        .await(WaitState.of("bench", "", List.of(d), Duration.ofSeconds(30), Clock.systemUTC()), WaitOptions.defaults());
                long oursDone = System.nanoTime();
                assertThat(result.healthy()).isTrue();
                long healthy = healthyAt.nanos.get(name + "@1");
                ours.add((oursDone - healthy) / 1e6);
                rollout.add((r1.get(40, TimeUnit.SECONDS) - healthy) / 1e6);
                watches += result.apiRequests().getOrDefault("watch", 0L);
                lists += result.apiRequests().getOrDefault("list", 0L);
            }
            System.out.printf("rounds=%d waiter: median %.1f ms p90 %.1f ms | kubectl rollout status: median %.1f ms p90 %.1f ms"
                    + " | waiter requests per wait: %.1f watch, %.1f list%n",
                    rounds, pct(ours, 50), pct(ours, 90), pct(rollout, 50), pct(rollout, 90),
                    watches / (double) rounds, lists / (double) rounds);
        }
    }

    /**
     * When kubectl printed its verdict line. Not when it exited: against the emulator, kubectl
     * prints the verdict and then lingers on closing its watch, which would measure the emulator.
     */
    private static long exitNanos(Process p, String verdict) {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(verdict)) {
                    long at = System.nanoTime();
                    p.destroy();
                    return at;
                }
                seen.append(line).append('\n');
            }
            throw new IllegalStateException("kubectl ended without '" + verdict + "': " + seen);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
