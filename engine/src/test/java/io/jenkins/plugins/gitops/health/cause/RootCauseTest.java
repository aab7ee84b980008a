package io.jenkins.plugins.gitops.health.cause;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class RootCauseTest {

    private static KubeObject yaml(String text) {
        return KubeObject.of(new ObjectMapper().valueToTree(new Yaml().load(text)));
    }

    private static final KubeObject DEPLOYMENT = yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, uid: d1, generation: 2}
            status:
              observedGeneration: 2
              conditions:
              - {type: Available, status: "False", reason: MinimumReplicasUnavailable, message: Deployment does not have minimum availability.}
              - {type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: ReplicaSet "web-new" has timed out progressing.}
            """);

    private static KubeObject rs(String name, String uid, int revision) {
        return yaml("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %s
                  namespace: shop
                  uid: %s
                  annotations: {deployment.kubernetes.io/revision: "%d"}
                  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true}]
                """.formatted(name, uid, revision));
    }

    private static KubeObject pod(String name, String rsName, String rsUid, String status) {
        return yaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: shop
                  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: %s, uid: %s, controller: true}]
                spec: {containers: [{name: app, image: registry.example/web:2.0}]}
                status: %s
                """.formatted(name, rsName, rsUid, status));
    }

    private static KubeObject event(String pod, String reason, String message, String time) {
        return yaml("""
                apiVersion: v1
                kind: Event
                metadata: {name: %s.1, namespace: shop}
                involvedObject: {kind: Pod, name: %s, namespace: shop}
                type: Warning
                reason: %s
                message: '%s'
                lastTimestamp: "%s"
                """.formatted(pod, pod, reason, message, time));
    }

    @Test
    void deploymentIsExplainedByItsNewestReplicaSetsPods() {
        KubeObject old = rs("web-old", "r1", 1);
        KubeObject newest = rs("web-new", "r2", 2);
        KubeObject pulling = pod("web-new-a", "web-new", "r2", """
                {phase: Pending, containerStatuses: [{name: app, image: registry.example/web:2.0, ready: false, restartCount: 0,
                  state: {waiting: {reason: ImagePullBackOff, message: Back-off pulling image "registry.example/web:2.0"}}}]}""");
        KubeObject crashing = pod("web-new-b", "web-new", "r2", """
                {phase: Running, containerStatuses: [{name: app, image: registry.example/web:2.0, ready: false, restartCount: 4,
                  state: {waiting: {reason: CrashLoopBackOff}}, lastState: {terminated: {exitCode: 137, reason: OOMKilled}}}]}""");
        KubeObject unschedulable = pod("web-new-c", "web-new", "r2", """
                {phase: Pending, conditions: [{type: PodScheduled, status: "False", reason: Unschedulable, message: '0/3 nodes are available: 3 Insufficient cpu.'}]}""");
        KubeObject oldPod = pod("web-old-a", "web-old", "r1", """
                {phase: Running, containerStatuses: [{name: app, image: registry.example/web:1.0, restartCount: 0, state: {waiting: {reason: ErrImagePull}}}]}""");
        List<KubeObject> events = List.of(
                event("web-new-a", "Failed", "Failed to pull image \"registry.example/web:2.0\": not found", "2026-04-20T10:00:01Z"),
                event("web-new-a", "Failed", "older duplicate", "2026-04-20T10:00:00Z"),
                event("web-old-a", "Failed", "not about the newest pods", "2026-04-20T10:00:02Z"));
        Map<String, String> logs = Map.of("web-new-b/app", "starting\nloading model\nKilled");

        List<String> causes = RootCause.explain(DEPLOYMENT, new Related(List.of(old, newest), List.of(pulling, crashing, unschedulable, oldPod), events),
                (ns, p, c) -> Optional.ofNullable(logs.get(p + "/" + c)));

        assertThat(causes).containsExactly(
                "Pod shop/web-new-a: container app cannot pull image \"registry.example/web:2.0\" (ImagePullBackOff): Back-off pulling image \"registry.example/web:2.0\"",
                "Pod shop/web-new-b: container app is crash-looping (CrashLoopBackOff, last exit code 137 OOMKilled, 4 restarts); previous log:\nstarting\nloading model\nKilled",
                "Pod shop/web-new-c cannot be scheduled (Unschedulable): 0/3 nodes are available: 3 Insufficient cpu.",
                "Deployment shop/web: Available is False: MinimumReplicasUnavailable: Deployment does not have minimum availability.",
                "Deployment shop/web: Progressing is False: ProgressDeadlineExceeded: ReplicaSet \"web-new\" has timed out progressing.",
                "Warning Failed on Pod web-new-a: Failed to pull image \"registry.example/web:2.0\": not found");
    }

    @Test
    void logsAreNotReadWhenNotAllowed() {
        KubeObject crashing = yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: ns}
                status: {phase: Running, containerStatuses: [{name: app, restartCount: 1, state: {waiting: {reason: CrashLoopBackOff}}, lastState: {terminated: {exitCode: 1}}}]}
                """);
        assertThat(RootCause.explain(crashing, Related.NONE, PreviousLogs.NONE))
                .containsExactly("Pod ns/p: container app is crash-looping (CrashLoopBackOff, last exit code 1, 1 restarts)");
    }

    @Test
    void customResourceIsExplainedByItsFailingCondition() {
        KubeObject isvc = yaml("""
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata: {name: llm, namespace: team-a}
                status:
                  conditions:
                  - {type: IngressReady, status: "True"}
                  - {type: LatestDeploymentReady, status: "False", severity: Info, reason: Scaled}
                  - {type: PredictorReady, status: "False", reason: ModelLoadFailed, message: Repository Not Found}
                """);
        assertThat(RootCause.explain(isvc, Related.NONE, PreviousLogs.NONE))
                .containsExactly("InferenceService team-a/llm: PredictorReady is False: ModelLoadFailed: Repository Not Found");
    }

    @Test
    void jobIsExplainedByItsFailedPods() {
        KubeObject job = yaml("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: migrate, namespace: db, uid: j1}
                status: {failed: 1, conditions: [{type: Failed, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}]}
                """);
        KubeObject failedPod = yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: migrate-x, namespace: db, ownerReferences: [{kind: Job, name: migrate, uid: j1}]}
                status: {phase: Failed, containerStatuses: [{name: main, state: {terminated: {exitCode: 2, reason: Error, message: relation "users" does not exist}}}]}
                """);
        assertThat(RootCause.explain(job, new Related(List.of(), List.of(failedPod), List.of()), PreviousLogs.NONE)).containsExactly(
                "Pod db/migrate-x: container main exited with code 2: Error relation \"users\" does not exist",
                "Job db/migrate: Failed is True: BackoffLimitExceeded: Job has reached the specified backoff limit");
    }
}
