package io.jenkins.plugins.gitops.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthAssessorTest {

    private final HealthAssessor assessor = new HealthAssessor();

    @Test
    void aggregateTakesTheWorstAndKeepsItsMessage() {
        Health worst = HealthAssessor.aggregate(List.of(Health.healthy(), Health.progressing("rolling"),
                Health.suspended("paused"), Health.degraded("crash loop"), Health.missing("gone")));

        assertThat(worst).isEqualTo(Health.degraded("crash loop"));
        assertThat(HealthAssessor.aggregate(List.of(Health.progressing("a"), Health.progressing("b"))))
                .isEqualTo(Health.progressing("a"));
        assertThat(HealthAssessor.aggregate(List.of(Health.unknown("check failed"), Health.degraded("x"))).status())
                .isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void emptySetIsHealthy() {
        assertThat(HealthAssessor.aggregate(List.of())).isEqualTo(Health.healthy());
    }

    @Test
    void overrideIsAskedBeforeTheBuiltInRule() {
        HealthAssessor custom = assessor.withOverride("apps", "Deployment", obj -> Optional.of(Health.healthy("by override")));

        assertThat(custom.assess(Fixtures.load("deployment-degraded-deadline"))).contains(Health.healthy("by override"));
        assertThat(assessor.assess(Fixtures.load("deployment-degraded-deadline")).map(Health::status))
                .as("the original assessor is unchanged").contains(HealthStatus.DEGRADED);
    }

    @Test
    void overrideAnsweringEmptyFallsThroughToTheBuiltInRule() {
        HealthAssessor custom = assessor.withOverride("apps", "Deployment", obj -> Optional.empty());

        assertThat(custom.assess(Fixtures.load("deployment-suspended")).map(Health::status)).contains(HealthStatus.SUSPENDED);
    }

    @Test
    void overrideCanGiveHealthToAKindWithout() {
        HealthAssessor custom = assessor.withOverride("", "ConfigMap",
                obj -> Optional.of(obj.at("/data/LOG_LEVEL").asText().equals("info") ? Health.healthy() : Health.degraded("bad level")));

        assertThat(custom.assess(Fixtures.load("configmap"))).contains(Health.healthy());
    }

    @Test
    void failingRuleGivesUnknownNamingTheObject() {
        HealthAssessor custom = assessor.withOverride("apps", "Deployment", obj -> {
            throw new IllegalStateException("script error");
        });

        Health health = custom.assess(Fixtures.load("deployment-healthy")).orElseThrow();

        assertThat(health.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(health.message()).startsWith("Deployment.apps/shop/web").contains("script error");
    }

    @Test
    void deletionWinsOverTheRule() {
        KubeObject deleting = Fixtures.parse("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: done, namespace: ci, deletionTimestamp: "2026-01-12T10:00:00Z", finalizers: [batch.kubernetes.io/job-tracking]}
                status:
                  conditions: [{type: Complete, status: "True"}]
                """);

        assertThat(assessor.assess(deleting)).contains(Health.progressing("Pending deletion"));
    }

    @Test
    void ignoredObjectHasNoHealthEvenWhileBeingDeleted() {
        KubeObject stuck = Fixtures.parse("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: stuck
                  namespace: ci
                  deletionTimestamp: "2026-01-12T10:00:00Z"
                  finalizers: [kubernetes.io/pvc-protection]
                  annotations: {gitops.jenkins.io/ignore-healthcheck: "true"}
                status: {phase: Bound}
                """);

        assertThat(assessor.assess(stuck)).isEmpty();
    }

    @Test
    void ignoreAnnotationMustSayTrue() {
        KubeObject notIgnored = Fixtures.parse("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: data
                  namespace: ci
                  annotations: {argocd.argoproj.io/ignore-healthcheck: "false"}
                status: {phase: Lost}
                """);

        assertThat(assessor.assess(notIgnored).map(Health::status)).contains(HealthStatus.DEGRADED);
    }

    @Test
    void builtInHealthyFromAStaleStatusIsProgressing() {
        // The Pod rule does not read generations (pods gained observedGeneration in Kubernetes 1.33);
        // the assessor must still not let an old status pass as current.
        KubeObject pod = Fixtures.parse("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop, generation: 3}
                spec: {restartPolicy: Always}
                status:
                  observedGeneration: 2
                  phase: Running
                  conditions: [{type: Ready, status: "True"}]
                """);

        Health health = assessor.assess(pod).orElseThrow();

        assertThat(health.status()).isEqualTo(HealthStatus.PROGRESSING);
        assertThat(health.message()).contains("generation 3 (observed 2)");
    }

    @Test
    void degradedFromAStaleStatusStaysDegraded() {
        KubeObject job = Fixtures.parse("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: j, namespace: ci, generation: 2}
                status:
                  observedGeneration: 1
                  conditions: [{type: Failed, status: "True", reason: DeadlineExceeded, message: Job was active longer than specified deadline}]
                """);

        assertThat(assessor.assess(job).map(Health::status)).contains(HealthStatus.DEGRADED);
    }

    @Test
    void customResourceGroupsThatLookBuiltInGetTheFallback() {
        KubeObject gateway = Fixtures.parse("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: web, namespace: infra, generation: 1}
                status:
                  conditions:
                  - {type: Accepted, status: "True", observedGeneration: 1}
                  - {type: Programmed, status: "True", observedGeneration: 1}
                """);

        assertThat(assessor.assess(gateway).map(Health::status)).contains(HealthStatus.HEALTHY);
    }

    @Test
    void kubernetesKindsWithoutRuleHaveNoHealth() {
        KubeObject sa = Fixtures.parse("""
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: builder, namespace: ci}
                """);
        KubeObject binding = Fixtures.parse("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: builder, namespace: ci}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: builder}
                """);

        assertThat(assessor.assess(sa)).isEmpty();
        assertThat(assessor.assess(binding)).isEmpty();
    }

    @Test
    void readyFalseWithoutFailureReasonKeepsWaiting() {
        KubeObject cr = Fixtures.parse("""
                apiVersion: example.org/v1
                kind: Widget
                metadata: {name: w, namespace: demo, generation: 1}
                status:
                  observedGeneration: 1
                  conditions: [{type: Ready, status: "False", reason: MinimumReplicasUnavailable, message: 1 of 2 ready}]
                """);

        assertThat(assessor.assess(cr)).contains(Health.progressing("MinimumReplicasUnavailable: 1 of 2 ready"));
    }

    @Test
    void hpaV1WithUnreadableAnnotationIsUnknown() {
        KubeObject hpa = Fixtures.parse("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata:
                  name: web
                  namespace: shop
                  annotations: {autoscaling.alpha.kubernetes.io/conditions: "[{not json"}
                """);

        assertThat(assessor.assess(hpa).map(Health::status)).contains(HealthStatus.UNKNOWN);
    }
}
