package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller simulators move status the way real controllers do, and fail the way real workloads fail. */
class SimulatorsTest {

    private final Failures failures = new Failures();
    private KubeEmulator kube;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures, Duration.ofMillis(500))).crdEstablishDelay(Duration.ZERO).start();
        http = new Http(kube);
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private JsonNode awaitObject(String path, Predicate<JsonNode> condition) {
        await().atMost(Duration.ofSeconds(10)).until(() -> condition.test(http.get(path).body()));
        return http.get(path).body();
    }

    private static boolean condition(JsonNode obj, String type, String status) {
        for (JsonNode c : obj.at("/status/conditions")) {
            if (c.path("type").asText().equals(type) && c.path("status").asText().equals(status)) {
                return true;
            }
        }
        return false;
    }

    private static String deployment(String name, String image, int replicas) {
        return """
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: %s},
                 spec: {replicas: %d, selector: {matchLabels: {app: %s}},
                        template: {metadata: {labels: {app: %s}}, spec: {containers: [{name: main, image: "%s"}]}}}}"""
                .formatted(name, replicas, name, name, image);
    }

    @Test
    void deploymentRollsOutThroughReplicaSetAndPods() {
        String path = "/apis/apps/v1/namespaces/default/deployments/web";
        http.apply(path, "gitops", deployment("web", "nginx:1.27", 2));
        JsonNode d = awaitObject(path, o -> o.at("/status/availableReplicas").asInt() == 2 && condition(o, "Available", "True"));
        assertThat(d.at("/status/observedGeneration").asLong()).isEqualTo(1);
        assertThat(d.at("/status/updatedReplicas").asInt()).isEqualTo(2);
        JsonNode pods = http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb").body().path("items");
        assertThat(pods).hasSize(2);
        assertThat(pods.get(0).at("/status/phase").asText()).isEqualTo("Running");
        assertThat(pods.get(0).at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("ReplicaSet");

        // a new template makes a new ReplicaSet; the old one goes to zero
        http.apply(path, "gitops", deployment("web", "nginx:1.28", 2));
        awaitObject(path, o -> o.at("/status/observedGeneration").asLong() == 2 && o.at("/status/updatedReplicas").asInt() == 2
                && o.at("/status/replicas").asInt() == 2 && o.at("/status/readyReplicas").asInt() == 2);
        assertThat(http.get("/apis/apps/v1/namespaces/default/replicasets").body().path("items")).hasSize(2);
    }

    @Test
    void imagePullBackOffIsReportedOnThePodWithAnEventAndTheRolloutTimesOut() {
        failures.image("registry.example.com/missing:*", Failures.PodFailure.IMAGE_PULL_BACK_OFF);
        String path = "/apis/apps/v1/namespaces/default/deployments/broken";
        http.apply(path, "gitops", deployment("broken", "registry.example.com/missing:1.0", 1));
        JsonNode d = awaitObject(path, o -> condition(o, "Progressing", "False"));
        JsonNode progressing = d.at("/status/conditions/1");
        assertThat(progressing.path("reason").asText()).isEqualTo("ProgressDeadlineExceeded");
        JsonNode pod = http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dbroken").body().at("/items/0");
        JsonNode waiting = pod.at("/status/containerStatuses/0/state/waiting");
        assertThat(waiting.path("reason").asText()).isEqualTo("ImagePullBackOff");
        assertThat(waiting.path("message").asText()).contains("registry.example.com/missing:1.0");
        JsonNode events = http.get("/api/v1/namespaces/default/events").body().path("items");
        assertThat(events.toString()).contains("Failed to pull image \\\"registry.example.com/missing:1.0\\\"");
    }

    @Test
    void crashLoopBackOffShowsTheLastExitCode() {
        failures.image("crasher:*", Failures.PodFailure.CRASH_LOOP_BACK_OFF);
        http.apply("/apis/apps/v1/namespaces/default/deployments/crash", "gitops", deployment("crash", "crasher:1", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dcrash").body()
                .at("/items/0/status/containerStatuses/0/state/waiting/reason").asText().equals("CrashLoopBackOff"));
        JsonNode cs = http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dcrash").body().at("/items/0/status/containerStatuses/0");
        assertThat(cs.at("/lastState/terminated/exitCode").asInt()).isEqualTo(1);
        assertThat(cs.path("restartCount").asInt()).isPositive();
    }

    @Test
    void podLogsAreServedAsPlainTextWithThePreviousRunOfACrashLoopingContainer() {
        failures.image("crasher:*", Failures.PodFailure.CRASH_LOOP_BACK_OFF)
                .log("crasher:*", "loading config", "Traceback (most recent call last):", "ValueError: bad config");
        http.apply("/apis/apps/v1/namespaces/default/deployments/crash", "gitops", deployment("crash", "crasher:1", 1));
        http.apply("/apis/apps/v1/namespaces/default/deployments/web", "gitops", deployment("web", "nginx:1.27", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dcrash").body()
                .at("/items/0/status/containerStatuses/0/state/waiting/reason").asText().equals("CrashLoopBackOff"));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb").body()
                .at("/items/0/status/phase").asText().equals("Running"));
        String crash = "/api/v1/namespaces/default/pods/"
                + http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dcrash").body().at("/items/0/metadata/name").asText();
        String web = "/api/v1/namespaces/default/pods/"
                + http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb").body().at("/items/0/metadata/name").asText();
        long before = kube.requests().count("log");

        Http.Text previous = http.text(crash + "/log?container=main&previous=true&tailLines=2");
        assertThat(previous.code()).isEqualTo(200);
        assertThat(previous.contentType()).startsWith("text/plain");
        assertThat(previous.body()).isEqualTo("Traceback (most recent call last):\nValueError: bad config\n");
        assertThat(http.text(crash + "/log?previous=true").body()).startsWith("loading config\n");
        assertThat(http.text(crash + "/log?previous=true&limitBytes=7").body()).isEqualTo("loading");
        assertThat(http.text(crash + "/log?previous=true&tailLines=1&timestamps=true").body())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ValueError: bad config\n");

        Http.Text running = http.text(web + "/log?container=main");
        assertThat(running.code()).isEqualTo(200);
        assertThat(running.body()).contains("nginx:1.27");
        Http.Text neverRestarted = http.text(web + "/log?container=main&previous=true");
        assertThat(neverRestarted.code()).isEqualTo(400);
        assertThat(neverRestarted.contentType()).startsWith("application/json");
        assertThat(neverRestarted.body()).contains("previous terminated container \\\"main\\\" in pod \\\"" + web.substring(web.lastIndexOf('/') + 1));

        Http.Text wrongContainer = http.text(web + "/log?container=sidecar");
        assertThat(wrongContainer.code()).isEqualTo(400);
        assertThat(wrongContainer.body()).contains("container sidecar is not valid for pod " + web.substring(web.lastIndexOf('/') + 1));
        Http.Text missingPod = http.text("/api/v1/namespaces/default/pods/nope/log");
        assertThat(missingPod.code()).isEqualTo(404);
        assertThat(missingPod.body()).contains("pods \\\"nope\\\" not found");
        assertThat(kube.requests().count("log") - before).isEqualTo(8);
    }

    @Test
    void podLogsNeedAContainerNameWhenThePodHasSeveral() {
        http.apply("/api/v1/namespaces/default/pods/two", "gitops", """
                {apiVersion: v1, kind: Pod, metadata: {name: two},
                 spec: {containers: [{name: a, image: "nginx:1"}, {name: b, image: "busybox:1"}]}}""");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/namespaces/default/pods/two").body()
                .at("/status/phase").asText().equals("Running"));
        Http.Text none = http.text("/api/v1/namespaces/default/pods/two/log");
        assertThat(none.code()).isEqualTo(400);
        assertThat(none.body()).contains("a container name must be specified for pod two, choose one of: [a b]");
        assertThat(http.text("/api/v1/namespaces/default/pods/two/log?container=b").body()).contains("busybox:1");
    }

    @Test
    void unschedulablePodsSayWhy() {
        failures.image("huge:*", Failures.PodFailure.UNSCHEDULABLE);
        http.apply("/apis/apps/v1/namespaces/default/deployments/huge", "gitops", deployment("huge", "huge:1", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dhuge").body()
                .at("/items/0/status/conditions/0/reason").asText().equals("Unschedulable"));
    }

    @Test
    void statefulSetDaemonSetPvcAndLoadBalancer() {
        http.apply("/apis/apps/v1/namespaces/default/statefulsets/db", "gitops", """
                {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db},
                 spec: {replicas: 2, serviceName: db, selector: {matchLabels: {app: db}},
                        template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: "postgres:16"}]}}}}""");
        JsonNode sts = awaitObject("/apis/apps/v1/namespaces/default/statefulsets/db", o -> o.at("/status/readyReplicas").asInt() == 2);
        assertThat(sts.at("/status/currentRevision").asText()).isEqualTo(sts.at("/status/updateRevision").asText());
        assertThat(http.get("/api/v1/namespaces/default/pods/db-0").code()).isEqualTo(200);

        http.apply("/apis/apps/v1/namespaces/default/daemonsets/agent", "gitops", """
                {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent},
                 spec: {selector: {matchLabels: {app: agent}},
                        template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: a, image: "agent:1"}]}}}}""");
        awaitObject("/apis/apps/v1/namespaces/default/daemonsets/agent", o -> o.at("/status/numberAvailable").asInt() == 1);

        failures.pendingClaim("slow-*");
        http.apply("/api/v1/namespaces/default/persistentvolumeclaims/data", "gitops",
                "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}");
        http.apply("/api/v1/namespaces/default/persistentvolumeclaims/slow-data", "gitops",
                "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: slow-data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}");
        JsonNode pvc = awaitObject("/api/v1/namespaces/default/persistentvolumeclaims/data", o -> o.at("/status/phase").asText().equals("Bound"));
        assertThat(pvc.at("/status/capacity/storage").asText()).isEqualTo("1Gi");
        awaitObject("/api/v1/namespaces/default/persistentvolumeclaims/slow-data", o -> o.at("/status/phase").asText().equals("Pending"));

        http.apply("/api/v1/namespaces/default/services/lb", "gitops",
                "{apiVersion: v1, kind: Service, metadata: {name: lb}, spec: {type: LoadBalancer, ports: [{port: 80}], selector: {app: web}}}");
        awaitObject("/api/v1/namespaces/default/services/lb", o -> o.at("/status/loadBalancer/ingress/0/ip").asText().startsWith("192.0.2."));
    }

    @Test
    void jobsCompleteOrFail() {
        failures.job("migrate-bad");
        String job = "{apiVersion: batch/v1, kind: Job, metadata: {name: %s}, spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: 'migrate:1'}]}}}}";
        http.apply("/apis/batch/v1/namespaces/default/jobs/migrate", "gitops", job.formatted("migrate"));
        http.apply("/apis/batch/v1/namespaces/default/jobs/migrate-bad", "gitops", job.formatted("migrate-bad"));
        JsonNode ok = awaitObject("/apis/batch/v1/namespaces/default/jobs/migrate", o -> condition(o, "Complete", "True"));
        assertThat(ok.at("/status/succeeded").asInt()).isEqualTo(1);
        JsonNode bad = awaitObject("/apis/batch/v1/namespaces/default/jobs/migrate-bad", o -> condition(o, "Failed", "True"));
        assertThat(bad.toString()).contains("BackoffLimitExceeded");
    }

    @Test
    void customResourcesGetReadyOrAFailingCondition() {
        http.apply("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/notebooks.kubeflow.org", "gitops", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: notebooks.kubeflow.org}
                spec:
                  group: kubeflow.org
                  scope: Namespaced
                  names: {plural: notebooks, singular: notebook, kind: Notebook}
                  versions:
                  - {name: v1, served: true, storage: true, subresources: {status: {}}, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
                """);
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/apis/kubeflow.org/v1").code() == 200);
        failures.resource("Notebook/bad", "ImagePullFailed");
        http.apply("/apis/kubeflow.org/v1/namespaces/default/notebooks/good", "gitops", "{apiVersion: kubeflow.org/v1, kind: Notebook, metadata: {name: good}, spec: {a: 1}}");
        http.apply("/apis/kubeflow.org/v1/namespaces/default/notebooks/bad", "gitops", "{apiVersion: kubeflow.org/v1, kind: Notebook, metadata: {name: bad}, spec: {a: 1}}");
        JsonNode good = awaitObject("/apis/kubeflow.org/v1/namespaces/default/notebooks/good", o -> condition(o, "Ready", "True"));
        assertThat(good.at("/status/observedGeneration").asLong()).isEqualTo(1);
        JsonNode bad = awaitObject("/apis/kubeflow.org/v1/namespaces/default/notebooks/bad", o -> condition(o, "Ready", "False"));
        assertThat(bad.at("/status/conditions/0/reason").asText()).isEqualTo("ImagePullFailed");
    }

    @Test
    void deletingADeploymentCollectsItsReplicaSetsAndPods() {
        String path = "/apis/apps/v1/namespaces/default/deployments/gc";
        http.apply(path, "gitops", deployment("gc", "nginx:1", 2));
        awaitObject(path, o -> o.at("/status/readyReplicas").asInt() == 2);
        http.delete(path, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dgc").body().path("items").isEmpty()
                && http.get("/apis/apps/v1/namespaces/default/replicasets").body().path("items").isEmpty());
    }
}
