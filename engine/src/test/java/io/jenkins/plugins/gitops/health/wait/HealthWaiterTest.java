package io.jenkins.plugins.gitops.health.wait;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.DeploymentSimulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The waiter against the emulator and its controller simulators. */
class HealthWaiterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "shop";
    private static final String SELECTOR = WaitState.APP_LABEL + "=" + APP;

    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private KubernetesClient client;

    private void start(List<Controller> controllers) {
        kube = KubeEmulator.builder().controllers(controllers).crdEstablishDelay(Duration.ZERO).start();
        client = kube.client();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (kube != null) {
            kube.close();
        }
    }

    static KubeObject obj(String yaml) {
        return KubeObject.of(JSON.valueToTree(new Yaml().load(yaml)));
    }

    static KubeObject deployment(String name, String image, int replicas) {
        return obj("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: default, labels: {gitops.jenkins.io/app: shop}}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: main, image: "%s"}]}
                """.formatted(name, replicas, name, name, image));
    }

    static KubeObject configMap(String name) {
        return obj("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s, namespace: default, labels: {gitops.jenkins.io/app: shop}}\ndata: {a: b}\n"
                .formatted(name));
    }

    static KubeObject claim(String name) {
        return obj("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: %s, namespace: default, labels: {gitops.jenkins.io/app: shop}}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """.formatted(name));
    }

    private void apply(List<KubeObject> objects) {
        for (KubeObject o : objects) {
            kube.apply(o.json(), "gitops");
        }
    }

    private HealthWaiter waiter() {
        return new HealthWaiter(new ClusterKubeAccess(io.jenkins.plugins.gitops.kube.Cluster.over(client, io.jenkins.plugins.gitops.kube.RetryPolicy.defaults())));
    }

    private static WaitState state(List<KubeObject> objects, Duration timeout) {
        return WaitState.of(APP, SELECTOR, objects, timeout, Clock.systemUTC());
    }

    @Test
    void waitsUntilEverythingIsHealthyWithWatchesNotPolls() throws Exception {
        start(Simulators.all(failures));
        List<KubeObject> objects = List.of(deployment("web", "nginx:1.27", 2), deployment("api", "api:1.0", 1),
                deployment("worker", "worker:1.0", 3), claim("data"), configMap("settings"));
        kube.requests().reset();
        apply(objects);
        List<String> lines = new CopyOnWriteArrayList<>();

        WaitResult result = waiter().await(state(objects, Duration.ofSeconds(20)), WaitOptions.defaults().withProgress(lines::add));

        assertThat(result.healthy()).as(result.toJson()).isTrue();
        assertThat(result.summary()).isEqualTo("3/3 Deployments available, 4/4 objects healthy");
        assertThat(result.objects()).extracting(WaitResult.ObjectHealth::status).containsOnly(HealthStatus.HEALTHY);
        assertThat(lines).last().isEqualTo(result.summary());
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("progress only on change").isNotEqualTo(lines.get(i - 1));
        }
        // one list and one watch per kind (Deployment, PVC; ConfigMap has no health and is not watched), no gets
        // (the emulator counts a watch once it is subscribed: one that the wait no longer needed may not be counted)
        assertThat(kube.requests().count("watch")).isBetween(1L, 2L);
        assertThat(kube.requests().count("list")).isEqualTo(2);
        assertThat(kube.requests().count("get")).isZero();
        assertThat(result.apiRequests()).containsEntry("list", 2L);
        assertThat(result.apiRequests().get("watch")).isBetween(1L, 2L);
    }

    @Test
    void badImageIsDegradedWithImagePullBackOffAndTheImageNamed() throws Exception {
        start(Simulators.all(failures, Duration.ofMillis(500)));
        failures.image("registry.example/broken:*", Failures.PodFailure.IMAGE_PULL_BACK_OFF);
        List<KubeObject> objects = List.of(deployment("web", "nginx:1.27", 1), deployment("broken", "registry.example/broken:2.0", 1));
        apply(objects);
        AtomicReference<WaitResult> rolledBack = new AtomicReference<>();

        WaitResult result = waiter().await(state(objects, Duration.ofSeconds(20)),
                WaitOptions.defaults().withFailFast(true).withOnFailure(rolledBack::set));

        assertThat(result.outcome()).isEqualTo(WaitResult.Outcome.DEGRADED);
        assertThat(rolledBack.get()).as("the failure hook ran").isSameAs(result);
        WaitResult.ObjectHealth broken = result.unhealthy().get(0);
        assertThat(broken.key()).isEqualTo("Deployment.apps/default/broken");
        assertThat(broken.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(broken.message()).contains("exceeded its progress deadline");
        assertThat(broken.causes()).anySatisfy(c -> assertThat(c)
                .contains("cannot pull image \"registry.example/broken:2.0\" (ImagePullBackOff)"));
        assertThat(broken.causes()).anySatisfy(c -> assertThat(c).startsWith("Warning Failed on Pod broken-")
                .contains("Failed to pull image \"registry.example/broken:2.0\""));
        assertThat(result.toJson()).contains("ImagePullBackOff").contains("\"outcome\":\"DEGRADED\"");
    }

    @Test
    void crashLoopAndUnschedulableAreExplained() throws Exception {
        start(Simulators.all(failures, Duration.ofMillis(300)));
        failures.image("crash:*", Failures.PodFailure.CRASH_LOOP_BACK_OFF).image("huge:*", Failures.PodFailure.UNSCHEDULABLE);
        List<KubeObject> objects = List.of(deployment("crash", "crash:1", 1), deployment("huge", "huge:1", 1));
        apply(objects);

        WaitResult result = waiter().await(state(objects, Duration.ofSeconds(3)), WaitOptions.defaults().withReadLogs(true));

        assertThat(result.healthy()).isFalse();
        assertThat(result.objects()).hasSize(2).allSatisfy(o -> assertThat(o.status()).isEqualTo(HealthStatus.DEGRADED));
        assertThat(String.join("\n", result.objects().get(0).causes())).contains("is crash-looping (CrashLoopBackOff, last exit code 1");
        assertThat(String.join("\n", result.objects().get(1).causes())).contains("cannot be scheduled (Unschedulable): 0/1 nodes are available");
    }

    @Test
    void crashLoopQuotesTheExitCodeAndTheTailOfThePreviousLogReadThroughTheApi() throws Exception {
        start(Simulators.all(failures, Duration.ofMillis(300)));
        String[] log = new String[12];
        for (int i = 0; i < 10; i++) {
            log[i] = "line " + (i + 1);
        }
        log[10] = "Traceback (most recent call last):";
        log[11] = "ValueError: bad config";
        failures.image("crasher:*", Failures.PodFailure.CRASH_LOOP_BACK_OFF).log("crasher:*", log);
        List<KubeObject> objects = List.of(deployment("crash", "crasher:1", 1));
        apply(objects);
        kube.requests().reset();

        WaitResult result = waiter().await(state(objects, Duration.ofSeconds(10)),
                WaitOptions.defaults().withFailFast(true).withReadLogs(true));

        assertThat(result.outcome()).isEqualTo(WaitResult.Outcome.DEGRADED);
        String crash = result.objects().get(0).causes().stream().filter(c -> c.contains("crash-looping")).findFirst().orElseThrow();
        assertThat(crash).contains("container main is crash-looping (CrashLoopBackOff, last exit code 1 Error, 3 restarts); previous log:\nline 3\n")
                .endsWith("line 10\nTraceback (most recent call last):\nValueError: bad config");
        assertThat(crash).as("only the last 10 lines").doesNotContain("line 1\n").doesNotContain("line 2\n");
        assertThat(kube.requests().count("log")).isEqualTo(1);
        assertThat(result.apiRequests()).containsEntry("log", 1L);
    }

    @Test
    void withoutReadLogsNoLogIsFetched() throws Exception {
        start(Simulators.all(failures, Duration.ofMillis(300)));
        failures.image("crasher:*", Failures.PodFailure.CRASH_LOOP_BACK_OFF).log("crasher:*", "ValueError: bad config");
        List<KubeObject> objects = List.of(deployment("crash", "crasher:1", 1));
        apply(objects);
        kube.requests().reset();

        WaitResult result = waiter().await(state(objects, Duration.ofSeconds(10)), WaitOptions.defaults().withFailFast(true));

        assertThat(result.outcome()).isEqualTo(WaitResult.Outcome.DEGRADED);
        String causes = String.join("\n", result.objects().get(0).causes());
        assertThat(causes).contains("is crash-looping (CrashLoopBackOff, last exit code 1").doesNotContain("previous log").doesNotContain("ValueError");
        assertThat(kube.requests().count("log")).isZero();
        assertThat(result.apiRequests()).doesNotContainKey("log");
    }

    @Test
    void aWaitStartedBeforeTheControllerObservedTheNewGenerationDoesNotPass() throws Exception {
        List<Controller> noDeploymentController = new ArrayList<>(Simulators.all(failures));
        noDeploymentController.removeIf(c -> c instanceof DeploymentSimulator);
        start(noDeploymentController);
        KubeObject v1 = deployment("web", "nginx:1.27", 1);
        kube.apply(v1.json(), "gitops");
        // the status a controller wrote for generation 1: all replicas ready
        ObjectNode live = (ObjectNode) JSON.valueToTree(client.genericKubernetesResources("apps/v1", "Deployment").inNamespace("default").withName("web").get());
        live.set("status", JSON.readTree("{\"observedGeneration\":1,\"replicas\":1,\"updatedReplicas\":1,\"readyReplicas\":1,\"availableReplicas\":1}"));
        client.genericKubernetesResources("apps/v1", "Deployment").inNamespace("default")
                .resource(JSON.treeToValue(live, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).updateStatus();
        // the new apply: generation 2, status still about generation 1
        KubeObject v2 = deployment("web", "nginx:1.28", 1);
        kube.apply(v2.json(), "gitops");

        WaitState state = state(List.of(v2), Duration.ofMillis(800));
        WaitResult early = waiter().await(state, WaitOptions.defaults());

        assertThat(early.outcome()).isEqualTo(WaitResult.Outcome.TIMED_OUT);
        assertThat(early.objects().get(0).message()).contains("observed deployment generation less than desired");

        // once the controller runs, the same wait (resumed with a new deadline) passes
        kube.addController(new DeploymentSimulator(failures, Duration.ofSeconds(5)));
        // an annotation change (no new generation) is the event that makes the new controller look
        client.genericKubernetesResources("apps/v1", "Deployment").inNamespace("default").withName("web")
                .edit(d -> {
                    d.getMetadata().setAnnotations(java.util.Map.of("poke", "1"));
                    return d;
                });
        WaitState resumed = new WaitState(state.app(), state.labelSelector(), state.objects(), System.currentTimeMillis() + 10_000);
        assertThat(waiter().await(resumed, WaitOptions.defaults()).healthy()).isTrue();
    }

    @Test
    void timeoutReportsTheFullPicture() throws Exception {
        start(Simulators.all(failures, Duration.ofSeconds(30)));
        failures.image("huge:*", Failures.PodFailure.UNSCHEDULABLE);
        List<KubeObject> objects = List.of(deployment("web", "nginx:1.27", 1), deployment("huge", "huge:1", 2), claim("fine"));
        apply(objects);
        KubeObject missing = deployment("never-applied", "nginx:1.27", 1);
        List<KubeObject> tracked = new ArrayList<>(objects);
        tracked.add(missing);
        List<String> lines = new CopyOnWriteArrayList<>();

        WaitResult result = waiter().await(state(tracked, Duration.ofSeconds(1)), WaitOptions.defaults().withProgress(lines::add));

        assertThat(result.outcome()).isEqualTo(WaitResult.Outcome.TIMED_OUT);
        assertThat(result.objects()).extracting(o -> o.key() + " " + o.status()).containsExactlyInAnyOrder(
                "Deployment.apps/default/web Healthy", "Deployment.apps/default/huge Progressing",
                "PersistentVolumeClaim/default/fine Healthy", "Deployment.apps/default/never-applied Missing");
        assertThat(result.summary()).isEqualTo("1/3 Deployments available, 2/4 objects healthy; waiting on default/never-applied (Missing: not found) and 1 more");
        assertThat(lines).contains("1/3 Deployments available, 2/4 objects healthy; waiting on default/never-applied (Missing: not found) and 1 more");
        assertThat(result.durationMs()).isGreaterThanOrEqualTo(900);
        WaitResult.ObjectHealth huge = result.unhealthy().stream().filter(o -> o.key().endsWith("/huge")).findFirst().orElseThrow();
        assertThat(huge.message()).contains("0 of 2 updated replicas are available");
        assertThat(huge.causes()).anySatisfy(c -> assertThat(c).contains("cannot be scheduled (Unschedulable)"));
        assertThat(huge.causes()).anySatisfy(c -> assertThat(c).startsWith("Warning FailedScheduling on Pod huge-"));
        assertThat(result.toJson()).contains("\"object\":\"Deployment.apps/default/huge\",\"health\":\"Progressing\"");
    }

    @Test
    void waitStateSurvivesJavaSerialization() throws Exception {
        WaitState state = WaitState.of(APP, SELECTOR, List.of(deployment("web", "nginx", 1), claim("data")), Duration.ofMinutes(10), Clock.systemUTC());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            WaitState back = (WaitState) in.readObject();
            assertThat(back).isEqualTo(state);
            assertThat(back.targets()).extracting(t -> t.key().toString())
                    .containsExactly("Deployment.apps/default/web", "PersistentVolumeClaim/default/data");
        }
        assertThat(bytes.size()).as("small").isLessThan(1024);
    }
}
