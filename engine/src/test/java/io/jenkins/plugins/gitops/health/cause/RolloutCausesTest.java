package io.jenkins.plugins.gitops.health.cause;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** A Degraded Rollout is explained by the analysis that failed it: which metric, against which limit, with what value. */
class RolloutCausesTest {

    private static KubeObject yaml(String text) {
        return KubeObject.of(new ObjectMapper().valueToTree(new Yaml().load(text)));
    }

    private static final KubeObject ROLLOUT = yaml("""
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: scorer, namespace: ml, uid: r1, generation: 6}
            status:
              observedGeneration: "6"
              phase: Degraded
              message: "RolloutAborted: Rollout aborted update to revision 2: Metric \\"success-rate\\" assessed Failed due to failed (1) > failureLimit (0)"
              abort: true
              currentPodHash: 85c7d9b6f
              canary:
                currentStepAnalysisRunStatus: {name: scorer-85c7d9b6f-2-1, status: Failed, message: "Metric \\"success-rate\\" assessed Failed"}
            """);

    private static KubeObject run(String name, String owner, String created, String status) {
        return yaml("""
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisRun
                metadata:
                  name: %s
                  namespace: ml
                  creationTimestamp: "%s"
                  ownerReferences: [{apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: %s, uid: %s, controller: true}]
                spec:
                  metrics:
                  - {name: success-rate, failureLimit: 1, successCondition: "result[0] >= 0.95"}
                  - {name: latency-p99, successCondition: "result[0] < 0.3"}
                status: %s
                """.formatted(name, created, owner, owner.equals("scorer") ? "r1" : "other", status));
    }

    @Test
    void failedMetricOfTheRolloutsOwnRunIsTheRootCause() {
        KubeObject failed = run("scorer-85c7d9b6f-2-1", "scorer", "2026-11-02T10:01:00Z", """
                {phase: Failed, message: "Metric \\"success-rate\\" assessed Failed due to failed (2) > failureLimit (1)",
                 metricResults: [
                   {name: success-rate, phase: Failed, count: 3, failed: 2, measurements: [{phase: Successful, value: "[0.97]"}, {phase: Failed, value: "[0.71]"}]},
                   {name: latency-p99, phase: Successful, count: 3, successful: 3}]}""");
        KubeObject someoneElses = run("billing-1", "billing", "2026-11-02T10:02:00Z", "{phase: Failed, metricResults: [{name: success-rate, phase: Failed, failed: 1}]}");
        KubeObject passed = run("scorer-6f9d8c7b5-1-1", "scorer", "2026-11-01T10:00:00Z", "{phase: Successful}");

        List<String> causes = RootCause.explain(ROLLOUT, new Related(List.of(), List.of(), List.of(), List.of(failed, someoneElses, passed)), PreviousLogs.NONE);

        assertThat(causes).first().isEqualTo("AnalysisRun ml/scorer-85c7d9b6f-2-1 Failed: metric success-rate Failed (failed 2 > failureLimit 1): last measurement [0.71]");
        assertThat(String.join("\n", causes)).doesNotContain("billing-1").doesNotContain("latency-p99").doesNotContain("scorer-6f9d8c7b5-1-1");
    }

    @Test
    void erroredMetricQuotesTheProviderError() {
        KubeObject error = run("scorer-85c7d9b6f-2-1", "scorer", "2026-11-02T10:01:00Z", """
                {phase: Error, metricResults: [{name: latency-p99, phase: Error, error: 5, consecutiveError: 5,
                  measurements: [{phase: Error, message: "dial tcp: lookup prometheus.monitoring: no such host"}]}]}""");

        List<String> causes = RolloutCauses.of(ROLLOUT, List.of(error));

        assertThat(causes).containsExactly("AnalysisRun ml/scorer-85c7d9b6f-2-1 Error: metric latency-p99 Error "
                + "(consecutiveError 5 > consecutiveErrorLimit 4): dial tcp: lookup prometheus.monitoring: no such host");
    }

    @Test
    void withoutTheRunsTheStepsAnalysisStatusAndTheControllersMessageSpeak() {
        assertThat(RolloutCauses.of(ROLLOUT, List.of()))
                .containsExactly("AnalysisRun ml/scorer-85c7d9b6f-2-1 Failed: Metric \"success-rate\" assessed Failed");

        KubeObject noAnalysis = yaml("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: scorer, namespace: ml, uid: r1}
                status: {phase: Degraded, message: "ProgressDeadlineExceeded: ReplicaSet \\"scorer-85c7d9b6f\\" has timed out progressing."}
                """);
        assertThat(RolloutCauses.of(noAnalysis, List.of()))
                .containsExactly("Rollout ml/scorer: ProgressDeadlineExceeded: ReplicaSet \"scorer-85c7d9b6f\" has timed out progressing.");
    }

    @Test
    void theCanaryPodsSpeakForTheRollout() {
        KubeObject rs = yaml("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: scorer-85c7d9b6f
                  namespace: ml
                  uid: rs1
                  labels: {rollouts-pod-template-hash: 85c7d9b6f}
                  ownerReferences: [{apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: scorer, uid: r1, controller: true}]
                """);
        KubeObject pod = yaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: scorer-85c7d9b6f-x1
                  namespace: ml
                  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: scorer-85c7d9b6f, uid: rs1, controller: true}]
                """);
        assertThat(RootCause.podsOf(ROLLOUT, new Related(List.of(rs), List.of(pod), List.of()))).containsExactly(pod);
    }
}
