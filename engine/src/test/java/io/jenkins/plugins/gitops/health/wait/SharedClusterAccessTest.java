package io.jenkins.plugins.gitops.health.wait;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.testkit.kube.Faults;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin's wait path (gitopsWaitHealthy: one {@link Cluster} per identity, {@link SharedWatches}
 * over {@link ClusterKubeAccess}) goes through the cluster's verbs: its lists and watches are
 * retried on the server's 500s and counted in the cluster's counter, retries included.
 */
class SharedClusterAccessTest {

    private KubeEmulator kube;

    @AfterEach
    void stop() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    void listsAndWatchesOfSharedWaitsAreRetriedAndCounted() throws Exception {
        // half of all requests answer 500, discovery and watches too (seeded: the same faults every run)
        Faults faults = new Faults(7).serverErrors(0.5).includeDiscoveryAndWatch(true);
        kube = KubeEmulator.builder().controllers(Simulators.all(new Failures())).crdEstablishDelay(Duration.ZERO).faults(faults).start();
        List<KubeObject> objects = List.of(HealthWaiterTest.deployment("web", "nginx:1.27", 2), HealthWaiterTest.deployment("api", "api:1.0", 1));
        faults.none();
        objects.forEach(o -> kube.apply(o.json(), "gitops"));
        faults.serverErrors(0.5).includeDiscoveryAndWatch(true);
        try (Cluster cluster = Cluster.of(kube.config(), new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(5)))) {
            SharedWatches shared = new SharedWatches(new ClusterKubeAccess(cluster));
            HealthWaiter waiter = new HealthWaiter(shared);

            WaitResult first = waiter.await(WaitState.of("shop", WaitState.APP_LABEL + "=shop", objects, Duration.ofSeconds(30), Clock.systemUTC()),
                    WaitOptions.defaults());
            WaitResult second = waiter.await(WaitState.of("shop", WaitState.APP_LABEL + "=shop", objects, Duration.ofSeconds(30), Clock.systemUTC()),
                    WaitOptions.defaults());

            assertThat(first.healthy()).as(first.summary()).isTrue();
            assertThat(second.healthy()).as(second.summary()).isTrue();
            assertThat(kube.requests().count("fault:server_error")).as("the server did fail").isPositive();
            assertThat(cluster.calls().count("retry")).as("and the cluster retried").isPositive();
            assertThat(cluster.calls().count("watch")).isGreaterThanOrEqualTo(2);
            assertThat(cluster.calls().count("list")).isGreaterThanOrEqualTo(2);
            assertThat(first.apiRequests()).containsKeys("list", "watch");
            assertThat(shared.requests()).isEqualTo(cluster.calls().snapshot());
        }
    }
}
