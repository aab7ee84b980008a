package io.jenkins.plugins.gitops.health.wait;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous wait holds no thread while nothing changes: 100 waits of 100 apps, each on a
 * custom resource whose Ready is False, share one watch (one OkHttp reader thread) and a
 * scheduled deadline each; each completes when its object becomes Ready.
 */
class AsyncWaitTest {

    private static final int WAITS = 100;
    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """;

    private KubeEmulator kube;
    private KubernetesClient client;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-deadlines");
        t.setDaemon(true);
        return t;
    });

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().crdEstablishDelay(Duration.ZERO).start();
        client = kube.client();
        kube.apply(HealthWaiterTest.obj(CRD).json(), "test");
        established(client);
        for (int i = 0; i < WAITS; i++) {
            kube.apply(widget(i).json(), "test");
            ready(i, "False");
        }
    }

    /** Until the CRD is Established (on a watch): then its kind is served. */
    static void established(KubernetesClient client) {
        client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").waitUntilCondition(crd -> crd != null
                && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")), 30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        deadlines.shutdownNow();
        client.close();
        kube.close();
    }

    private static KubeObject widget(int i) {
        return HealthWaiterTest.obj("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w%d, namespace: default, labels: {gitops.jenkins.io/app: app-%d}}
                spec: {size: 1}
                """.formatted(i, i));
    }

    /** What the widget's operator would write: Ready True, or False while it is being set up. */
    private void ready(int i, String status) {
        var widgets = client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default");
        GenericKubernetesResource w = widgets.withName("w" + i).get();
        w.setAdditionalProperty("status", Map.of("observedGeneration", w.getMetadata().getGeneration(), "conditions",
                List.of(Map.of("type", "Ready", "status", status, "reason", status.equals("True") ? "Ready" : "Provisioning",
                        "message", "widget w" + i))));
        widgets.resource(w).updateStatus();
    }

    private static int threads() {
        return Thread.getAllStackTraces().size();
    }

    /** Threads running a call to this emulator: the watches' readers, as the waits issue nothing else meanwhile. */
    private long watchThreads() {
        String name = "OkHttp " + kube.url() + "/";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(name)).count();
    }

    private CompletableFuture<WaitResult> startWait(HealthWaiter waiter, int i) {
        WaitState state = WaitState.of("app-" + i, WaitState.APP_LABEL + "=app-" + i, List.of(widget(i)), Duration.ofMinutes(5),
                Clock.systemUTC());
        return waiter.start(state, WaitOptions.defaults(), deadlines);
    }

    @Test
    void hundredConcurrentWaitsShareOneWatchAndHoldNoThreadUntilTheirObjectIsReady() throws Exception {
        SharedWatches shared = new SharedWatches(new ClusterKubeAccess(io.jenkins.plugins.gitops.kube.Cluster.over(client, io.jenkins.plugins.gitops.kube.RetryPolicy.defaults())));
        HealthWaiter waiter = new HealthWaiter(shared);
        List<CompletableFuture<WaitResult>> waits = new ArrayList<>();
        waits.add(startWait(waiter, 0));
        int withOne = threads();

        for (int i = 1; i < WAITS; i++) {
            waits.add(startWait(waiter, i));
        }
        int withAll = threads();

        System.out.printf("threads: %d with 1 wait, %d with %d waits; open watches %d%n", withOne, withAll, WAITS, shared.openWatches());
        // a thread per wait would add 99; the JVM's own pools (the common ForkJoin pool, OkHttp's task
        // runner) may start a worker or two while 99 waits set up on a loaded machine (CI saw 3)
        assertThat(withAll - withOne).as("threads added by %d more waits", WAITS - 1).isLessThanOrEqualTo(5);
        assertThat(shared.openWatches()).isEqualTo(1);
        assertThat(waits).noneMatch(CompletableFuture::isDone);

        // each wait ends when its own widget becomes Ready, not before
        for (int i = 0; i < WAITS; i++) {
            ready(i, "True");
            WaitResult r = waits.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.healthy()).as(r.summary()).isTrue();
            assertThat(r.app()).isEqualTo("app-" + i);
        }
        assertThat(shared.openWatches()).as("the last wait closed the watch").isZero();
    }

    @Test
    void withoutSharingEveryWaitHoldsAReaderThread() {
        HealthWaiter waiter = new HealthWaiter(new ClusterKubeAccess(io.jenkins.plugins.gitops.kube.Cluster.over(client, io.jenkins.plugins.gitops.kube.RetryPolicy.defaults())));
        List<CompletableFuture<WaitResult>> waits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waits.add(startWait(waiter, i));
        }
        try {
            // the reason SharedWatches exists: each watch keeps an OkHttp thread reading its socket,
            // from the moment its connection is open (which start() does not wait for). Counted by
            // name (OkHttp names a running call's thread for its redacted URL, this emulator's port):
            // the JVM-wide count moves with other tests' pools ending meanwhile (CI saw -128).
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(watchThreads()).isGreaterThanOrEqualTo(20));
        } finally {
            waits.forEach(w -> w.cancel(true));
        }
    }

    @Test
    void theDeadlineIsAScheduledTaskAndCancellingClosesTheWatch() throws Exception {
        SharedWatches shared = new SharedWatches(new ClusterKubeAccess(io.jenkins.plugins.gitops.kube.Cluster.over(client, io.jenkins.plugins.gitops.kube.RetryPolicy.defaults())));
        HealthWaiter waiter = new HealthWaiter(shared);
        WaitState soon = WaitState.of("app-1", WaitState.APP_LABEL + "=app-1", List.of(widget(1)), Duration.ofMillis(300), Clock.systemUTC());

        WaitResult timedOut = waiter.start(soon, WaitOptions.defaults(), deadlines).get(30, TimeUnit.SECONDS);

        assertThat(timedOut.outcome()).isEqualTo(WaitResult.Outcome.TIMED_OUT);
        assertThat(timedOut.unhealthy()).singleElement().satisfies(o -> assertThat(o.message()).contains("widget w1"));
        assertThat(shared.openWatches()).isZero();

        CompletableFuture<WaitResult> cancelled = startWait(waiter, 2);
        assertThat(shared.openWatches()).isEqualTo(1);
        cancelled.cancel(true);
        assertThat(shared.openWatches()).isZero();
    }
}
