package io.jenkins.plugins.gitops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One line per fixture, as Argo CD's health tests: the file under {@code src/test/resources/health},
 * the expected status ({@code NONE} for no health) and a fragment the message must contain.
 */
class HealthFixturesTest {

    private static final String CASES = """
            deployment-healthy                  | HEALTHY     |
            deployment-progressing              | PROGRESSING | 1 out of 3 new replicas have been updated
            deployment-degraded-deadline        | DEGRADED    | "api" exceeded its progress deadline
            deployment-suspended                | SUSPENDED   | Deployment is paused
            deployment-generation-stale         | PROGRESSING | observed deployment generation less than desired
            deployment-old-replicas             | PROGRESSING | 1 old replicas are pending termination
            deployment-ignored                  | NONE        |
            deployment-recreate-terminating     | PROGRESSING | 2 old replicas are pending termination (Recreate: new replicas start once they are gone)
            statefulset-healthy                 | HEALTHY     | revision postgres-6d5f8b7c9
            statefulset-partition               | PROGRESSING | 1 out of 3 new pods have been updated
            statefulset-partition-done          | HEALTHY     | partitioned roll out complete
            statefulset-ondelete                | HEALTHY     | 3 ready pods
            statefulset-not-ready               | PROGRESSING | Waiting for 2 pods to be ready
            statefulset-revision                | PROGRESSING | at revision postgres-84c6f9d7b
            daemonset-healthy                   | HEALTHY     |
            daemonset-progressing               | PROGRESSING | 2 out of 4 new pods have been updated
            daemonset-ondelete                  | HEALTHY     | 1 out of 4 new pods
            replicaset-healthy                  | HEALTHY     |
            replicaset-failure                  | DEGRADED    | exceeded quota
            pod-running                         | HEALTHY     |
            pod-pending                         | PROGRESSING |
            pod-imagepullbackoff                | DEGRADED    | Back-off pulling image
            pod-crashloop                       | DEGRADED    | back-off 5m0s restarting failed container=api
            pod-failed                          | DEGRADED    | container "migrate" failed with exit code 2
            pod-oomkilled                       | DEGRADED    | OOMKilled
            pod-succeeded                       | HEALTHY     |
            pod-running-not-ready               | PROGRESSING |
            pod-running-restart-never           | PROGRESSING |
            pod-hook-imagepullbackoff           | PROGRESSING |
            pod-deletion                        | PROGRESSING | Pending deletion
            service-clusterip                   | HEALTHY     |
            service-loadbalancer-pending        | PROGRESSING | Waiting for a load balancer address
            service-loadbalancer                | HEALTHY     | 203.0.113.10
            ingress-healthy                     | HEALTHY     | a1b2c3.elb.eu-west-1.amazonaws.com
            ingress-unassigned                  | PROGRESSING | load balancer
            pvc-bound                           | HEALTHY     |
            pvc-pending                         | PROGRESSING | Provisioning volume
            pvc-pending-wait-for-consumer       | HEALTHY     | Waiting for consumer
            pvc-lost                            | DEGRADED    | lost
            job-running                         | PROGRESSING | 1 active pods
            job-succeeded                       | HEALTHY     | Reached expected number of succeeded pods
            job-failed                          | DEGRADED    | BackoffLimitExceeded
            job-suspended                       | SUSPENDED   | Job suspended
            job-resumed                         | PROGRESSING | 1 active pods
            cronjob-healthy                     | HEALTHY     | completed its last execution successfully
            cronjob-suspended                   | SUSPENDED   | CronJob is Suspended
            cronjob-last-run-failed             | DEGRADED    | has not completed its last execution
            apiservice-available                | HEALTHY     | Passed: all checks passed
            apiservice-unavailable              | PROGRESSING | FailedDiscoveryCheck
            hpa-v2-healthy                      | HEALTHY     | recommended size matches current size
            hpa-v2-degraded                     | DEGRADED    | failed to get cpu utilization
            hpa-v2-progressing                  | PROGRESSING | Waiting to Autoscale
            hpa-v1-degraded-object-metric       | DEGRADED    | unable to get metric queue_depth
            crd-established                     | HEALTHY     | CRD is healthy
            crd-names-not-accepted              | DEGRADED    | "exp" is already in use
            crd-installing                      | PROGRESSING | not established
            custom-ready                        | HEALTHY     | Applied revision
            custom-ready-false-failure          | DEGRADED    | InstallFailed: Helm install failed
            custom-ready-false-progressing      | PROGRESSING | DependencyNotReady
            custom-reconciling                  | PROGRESSING | building artifact
            custom-stalled                      | DEGRADED    | InvalidURL
            custom-generation-stale             | PROGRESSING | observe generation 4 (observed 3)
            custom-no-status                    | NONE        |
            custom-no-ready-condition           | HEALTHY     | No Ready condition
            custom-ignored                      | NONE        |
            configmap                           | NONE        |
            clusterrole                         | NONE        |
            workflow-failed                     | DEGRADED    | failed
            rollout-canary-paused               | SUSPENDED   | Rollout is paused
            rollout-bluegreen-healthy           | HEALTHY     |
            rollout-no-status                   | PROGRESSING | Waiting for rollout spec update to be observed
            rollout-generation-stale            | PROGRESSING | Waiting for rollout spec update to be observed
            rollout-workload-generation-stale   | PROGRESSING | Waiting for rollout spec update to be observed
            rollout-phase-healthy               | HEALTHY     |
            rollout-phase-progressing           | PROGRESSING | more replicas need to be updated
            rollout-phase-paused                | SUSPENDED   | CanaryPauseStep
            rollout-phase-degraded-full-replicas | DEGRADED   | Metric "success-rate" assessed Failed
            rollout-unknown-phase               | UNKNOWN     | unknown status.phase "Hibernating"
            rollout-bluegreen-preview-paused    | SUSPENDED   | BlueGreenPause
            rollout-legacy-hash-generation      | HEALTHY     |
            rollout-legacy-invalid-spec         | DEGRADED    | missing field '.spec.strategy.canary or .spec.strategy.blueGreen'
            rollout-legacy-aborted              | DEGRADED    | Rollout is aborted
            rollout-legacy-abort-unreconciled   | DEGRADED    | Rollout is aborted
            rollout-legacy-deadline             | DEGRADED    | has timed out progressing
            rollout-legacy-user-paused          | SUSPENDED   | Rollout is paused
            rollout-legacy-old-replicas         | PROGRESSING | old replicas are pending termination
            rollout-legacy-bluegreen-cutover    | PROGRESSING | active service cutover pending
            analysisrun-no-status               | PROGRESSING | status has not been reconciled
            analysisrun-pending                 | PROGRESSING | Analysis run is running
            analysisrun-running                 | PROGRESSING | Analysis run is running
            analysisrun-successful              | HEALTHY     | Analysis run completed successfully
            analysisrun-terminated              | HEALTHY     | run terminated
            analysisrun-failed                  | DEGRADED    | Analysis run failed
            analysisrun-failed-message          | DEGRADED    | assessed Failed due to failed (1) > failureLimit (0)
            analysisrun-error                   | DEGRADED    | Analysis run had an error
            analysisrun-inconclusive            | UNKNOWN     | assessed Inconclusive
            certificate-issuing                 | PROGRESSING | Renewing certificate
            certificate-ready                   | HEALTHY     | Certificate is up to date
            knative-service-degraded            | DEGRADED    | ConfigurationsReady is False, since RevisionFailed.
            knative-service-healthy             | HEALTHY     | Knative Service is healthy
            sparkapplication-failed             | DEGRADED    | driver container failed
            sparkapplication-running            | HEALTHY     | SparkApplication is Running
            inferenceservice-healthy            | HEALTHY     | InferenceService is healthy
            inferenceservice-stopped            | SUSPENDED   | Stopped=True
            inferenceservice-failed-load        | DEGRADED    | BlockedByFailedLoad
            inferenceservice-canary             | HEALTHY     | canary: 20% to fraud-predictor-00002 (latest), 80% to fraud-predictor-00001 (rolled out)
            inferenceservice-canary-revision-not-ready | PROGRESSING | Waiting for revision fraud-predictor-00002 to be ready (traffic stays on fraud-predictor-00001)
            inferenceservice-canary-revision-failed | DEGRADED | model fraud/2 failed to load
            pytorchjob-created                  | PROGRESSING | Starting: PyTorchJobCreated
            pytorchjob-running                  | PROGRESSING | Running (Master 1 active, Worker 2 active)
            pytorchjob-restarting               | PROGRESSING | Restarting: PyTorchJobRestarting
            pytorchjob-succeeded                | HEALTHY     | successfully completed
            pytorchjob-failed                   | DEGRADED    | 1 Master replica(s) failed
            tfjob-succeeded                     | HEALTHY     | TFJobSucceeded
            xgboostjob-no-status                | PROGRESSING | waiting for the training operator
            paddlejob-suspended                 | SUSPENDED   | PaddleJobSuspended
            mpijob-running                      | PROGRESSING | Launcher 1 active
            jaxjob-failed                       | DEGRADED    | backoff limit
            trainjob-starting                   | PROGRESSING | Starting: no child Job active yet
            trainjob-running                    | PROGRESSING | 1 active
            trainjob-complete                   | HEALTHY     | JobsCompleted
            trainjob-failed                     | DEGRADED    | has 1 failed jobs
            trainjob-suspended                  | SUSPENDED   | TrainJob is suspended
            trainingruntime                     | HEALTHY     | TrainingRuntime exists
            clustertrainingruntime              | HEALTHY     | ClusterTrainingRuntime exists
            jobset-running                      | PROGRESSING | 2 active, 2 ready, 0 succeeded, 0 failed child Jobs after 1 restarts
            jobset-completed                    | HEALTHY     | AllJobsCompleted
            jobset-failed                       | DEGRADED    | reaching max number of restarts
            experiment-running                  | PROGRESSING | 2/5 trials succeeded, 0 failed, 3 running
            experiment-succeeded                | HEALTHY     | max trial count has reached
            experiment-failed                   | DEGRADED    | ExperimentMaxFailedTrialsReached
            trial-succeeded                     | HEALTHY     | TrialSucceeded
            trial-metrics-unavailable           | DEGRADED    | Metrics are not available
            trial-running                       | PROGRESSING | Running: TrialRunning
            suggestion-running                  | HEALTHY     | SuggestionRunning
            suggestion-deployment-not-ready     | PROGRESSING | DeploymentReady is False
            notebook-running                    | HEALTHY     | Notebook is running
            notebook-imagepullbackoff           | DEGRADED    | ImagePullBackOff: Back-off pulling image
            notebook-unschedulable              | PROGRESSING | Insufficient nvidia.com/gpu
            notebook-stopped                    | SUSPENDED   | Notebook is stopped
            profile-successful                  | HEALTHY     |
            profile-no-conditions               | HEALTHY     | No failure reported
            profile-failed                      | DEGRADED    | not owned by profile
            tensorboard-ready                   | HEALTHY     | Tensorboard server is ready
            tensorboard-progressing             | PROGRESSING | Deployment is Progressing
            tensorboard-replica-failure         | DEGRADED    | ReplicaFailure
            pvcviewer-ready                     | HEALTHY     | /pvcviewers/
            pvcviewer-deadline                  | DEGRADED    | ProgressDeadlineExceeded
            pvcviewer-starting                  | PROGRESSING | MinimumReplicasUnavailable
            llminferenceservice-ready           | HEALTHY     | http://llama
            llminferenceservice-warning-only    | HEALTHY     |
            llminferenceservice-failed          | DEGRADED    | Ready is False, since MinimumReplicasUnavailable.
            llminferenceservice-progressing     | PROGRESSING | Ready is Unknown
            istio-virtualservice                | HEALTHY     | VirtualService exists
            istio-authorizationpolicy           | HEALTHY     | AuthorizationPolicy exists
            """;

    private final HealthAssessor assessor = new HealthAssessor();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = CASES)
    void fixtureHasExpectedHealth(String fixture, String expected, String fragment) {
        Optional<Health> health = assessor.assess(Fixtures.load(fixture));

        if (expected.equals("NONE")) {
            assertThat(health).as(fixture).isEmpty();
            return;
        }
        assertThat(health).as(fixture).isPresent();
        assertThat(health.get().status()).as(fixture + ": " + health.get()).isEqualTo(HealthStatus.valueOf(expected));
        if (fragment != null) {
            assertThat(health.get().message()).as(fixture).contains(fragment);
        }
    }

    /** A fixture nobody asserts on is dead weight, and a listed one without a file is a typo. */
    @Test
    void everyFixtureIsListedExactlyOnce() throws IOException, URISyntaxException {
        Set<String> listed = Arrays.stream(CASES.split("\n"))
                .map(line -> line.split("\\|")[0].strip())
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        Path dir = Path.of(HealthFixturesTest.class.getResource("/health").toURI());
        Set<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString().replaceFirst("\\.yaml$", "")).collect(Collectors.toSet());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(files);
        assertThat(CASES.strip().split("\n")).hasSize(files.size());
    }
}
