package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Kubeflow's example synced into an emulated cluster whose controller simulators run, then waited
 * on until healthy with watches, as a CD pipeline does; and the same with one broken image, which
 * the wait must name instead of timing out.
 */
class KubeflowHealthConformanceTest {

    private static SyncOptions options() {
        return SyncOptions.builder("kubeflow").initiator("conformance").parallelism(8).timeout(Duration.ofMinutes(2)).build();
    }

    @Test
    void theWholeBundleBecomesHealthy() throws Exception {
        RenderedSet example = KubeflowBundle.set(KubeflowBundle.EXAMPLE, "example-v1");
        try (KubeEmulator kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).start();
             Cluster cluster = Cluster.of(kube.config())) {
            SyncResult synced = new SyncEngine(cluster).sync(example, options());
            assertThat(synced.succeeded()).as(synced::table).isTrue();
            kube.requests().reset();
            WaitState state = WaitState.of("kubeflow", WaitState.APP_LABEL + "=kubeflow", SyncedObjects.of(synced, example, cluster.resolver(), "default"),
                    Duration.ofMinutes(2), Clock.systemUTC());
            WaitResult result = new HealthWaiter(new ClusterKubeAccess(cluster)).await(state, WaitOptions.defaults());
            assertThat(result.healthy()).as(result.toJson()).isTrue();
            assertThat(result.summary()).startsWith("49/49 Deployments available");
            // watches, not polls: one list and one watch per watched kind, no gets
            assertThat(kube.requests().count("get")).isZero();
            assertThat(kube.requests().count("list")).isLessThan(40);
            System.out.printf("kubeflow wait: %s in %d ms, requests %s%n", result.summary(), result.durationMs(), kube.requests().snapshot());
        }
    }

    @Test
    void aBrokenImageIsNamedAsTheRootCause() throws Exception {
        RenderedSet example = KubeflowBundle.set(KubeflowBundle.EXAMPLE, "example-v1");
        Failures failures = new Failures().image("ghcr.io/kubeflow/kfp-api-server:*", Failures.PodFailure.IMAGE_PULL_BACK_OFF);
        try (KubeEmulator kube = KubeEmulator.builder().controllers(Simulators.all(failures, Duration.ofSeconds(1))).start();
             Cluster cluster = Cluster.of(kube.config())) {
            SyncResult synced = new SyncEngine(cluster).sync(example, options());
            assertThat(synced.succeeded()).as(synced::table).isTrue();
            WaitState state = WaitState.of("kubeflow", WaitState.APP_LABEL + "=kubeflow", SyncedObjects.of(synced, example, cluster.resolver(), "default"),
                    Duration.ofMinutes(1), Clock.systemUTC());
            WaitResult result = new HealthWaiter(new ClusterKubeAccess(cluster)).await(state, WaitOptions.defaults().withFailFast(true));
            assertThat(result.healthy()).isFalse();
            var apiServer = result.objects().stream().filter(o -> o.key().equals("Deployment.apps/kubeflow/ml-pipeline")).findFirst()
                    .orElseThrow(() -> new AssertionError("no ml-pipeline Deployment in " + result.toJson()));
            assertThat(apiServer.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(String.join("\n", apiServer.causes())).contains("ImagePullBackOff").contains("ghcr.io/kubeflow/kfp-api-server:");
        }
    }
}
