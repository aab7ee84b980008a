package io.jenkins.plugins.gitops.plugin.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import io.jenkins.plugins.gitops.plugin.ClusterTestSupport;
import io.jenkins.plugins.gitops.plugin.builders.GitopsRolloutBuilder;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.ArgoRolloutsCrds;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The shape of examples/Jenkinsfile.canary against the emulator's Argo Rollouts controller: sync a
 * new model version, wait to the first pause, evaluate in a stage, promote, wait to the end; and
 * a failed evaluation: abort, then roll back.
 */
@WithJenkins
public class GitopsRolloutStepTest {

    private final Failures failures = new Failures();
    private KubeEmulator kube;

    @BeforeEach
    void start() throws InterruptedException {
        kube = KubeEmulator.builder().controllers(Simulators.all(failures)).crdEstablishDelay(Duration.ZERO).start();
        ArgoRolloutsCrds.install(kube, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    static String rollout(String image) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: scorer}
                spec:
                  replicas: 4
                  selector: {matchLabels: {app: scorer}}
                  template:
                    metadata: {labels: {app: scorer}}
                    spec: {containers: [{name: model, image: "%s"}]}
                  strategy:
                    canary:
                      steps: [{setWeight: 25}, {pause: {}}, {setWeight: 100}]
                """.formatted(image);
    }

    private static String pipeline(String evaluation) {
        return "node {\n"
                + "  writeFile file: 'v1.yaml', text: '''" + rollout("registry.local/fraud:1") + "'''\n"
                + "  gitopsSync app: 'fraud', manifests: 'v1.yaml', clusterCredentialsId: 'kube'\n"
                + "}\n"
                + "gitopsWaitHealthy app: 'fraud', cluster: 'emulator', timeout: 2\n"
                + "node {\n"
                + "  writeFile file: 'v2.yaml', text: '''" + rollout("registry.local/fraud:2") + "'''\n"
                + "  gitopsSync app: 'fraud', manifests: 'v2.yaml', clusterCredentialsId: 'kube'\n"
                + "}\n"
                + "def p = gitopsWaitHealthy app: 'fraud', cluster: 'emulator', until: 'paused', timeout: 2\n"
                + "echo \"at pause: ${p.rollouts[0].message}\"\n"
                + "def passed = false\n"
                + "stage('evaluate canary') {\n"
                + "  node { passed = sh(script: '" + evaluation + "', returnStatus: true) == 0 }\n"
                + "}\n"
                + "if (passed) {\n"
                + "  def r = gitopsRollout app: 'fraud', action: 'promote', name: 'scorer', cluster: 'emulator'\n"
                + "  echo \"promote wrote ${r.patches}\"\n"
                + "  gitopsWaitHealthy app: 'fraud', cluster: 'emulator', timeout: 2\n"
                + "  def s = gitopsRollout app: 'fraud', action: 'status', name: 'scorer', cluster: 'emulator'\n"
                + "  echo \"final: ${s.status.phase} ${s.status.stableImages}\"\n"
                + "} else {\n"
                + "  gitopsRollout app: 'fraud', action: 'abort', name: 'scorer', cluster: 'emulator'\n"
                + "  gitopsRollback app: 'fraud', cluster: 'emulator'\n"
                + "  gitopsWaitHealthy app: 'fraud', cluster: 'emulator', timeout: 2\n"
                + "  def s = gitopsRollout app: 'fraud', action: 'status', name: 'scorer', cluster: 'emulator'\n"
                + "  echo \"rolled back: ${s.status.phase} ${s.status.stableImages}\"\n"
                + "}\n";
    }

    @Test
    void canaryPipelineWaitsToThePauseEvaluatesAndPromotes(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("kube", kube);
        ClusterTestSupport.namedCluster("emulator", "kube"); // gitopsRollout and gitopsWaitHealthy run on the controller: named clusters only
        WorkflowJob p = j.createProject(WorkflowJob.class, "canary");
        p.setDefinition(new CpsFlowDefinition(pipeline("true"), true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("at pause: paused at step 1/3, canary weight 25: CanaryPauseStep", b);
        j.assertLogContains("promote wrote [status {\"status\":{\"pauseConditions\":null}}]", b);
        j.assertLogContains("final: Healthy [model=registry.local/fraud:2]", b);
    }

    @Test
    void failedEvaluationAbortsAndRollsBack(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("kube", kube);
        ClusterTestSupport.namedCluster("emulator", "kube"); // gitopsRollout and gitopsWaitHealthy run on the controller: named clusters only
        WorkflowJob p = j.createProject(WorkflowJob.class, "canary");
        p.setDefinition(new CpsFlowDefinition(pipeline("false"), true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("gitopsRollout: rollout 'scorer' aborted", b);
        j.assertLogContains("rolled back: Healthy [model=registry.local/fraud:1]", b);
    }

    @Test
    void anotherAppsRolloutIsRefused(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("kube", kube);
        ClusterTestSupport.namedCluster("emulator", "kube"); // gitopsRollout and gitopsWaitHealthy run on the controller: named clusters only
        WorkflowJob p = j.createProject(WorkflowJob.class, "refused");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  writeFile file: 'v1.yaml', text: '''" + rollout("registry.local/fraud:1") + "'''\n"
                + "  gitopsSync app: 'fraud', manifests: 'v1.yaml', clusterCredentialsId: 'kube'\n"
                + "}\n"
                + "gitopsRollout app: 'billing', action: 'abort', name: 'scorer', cluster: 'emulator'\n", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("is not app billing's: it belongs to app fraud", b);
    }

    @Test
    void snippetRoundTripAndTheBuilderHasItsOwnSymbol(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        GitopsRolloutStep s = new GitopsRolloutStep("fraud", "promote", "scorer");
        st.assertRoundTrip(s, "gitopsRollout action: 'promote', app: 'fraud', name: 'scorer'");
        s.setFull(true);
        s.setClusterCredentialsId("kube");
        st.assertRoundTrip(s, "gitopsRollout action: 'promote', app: 'fraud', clusterCredentialsId: 'kube', full: true, name: 'scorer'");
        GitopsWaitHealthyStep w = new GitopsWaitHealthyStep("fraud");
        w.setUntil("paused");
        st.assertRoundTrip(w, "gitopsWaitHealthy app: 'fraud', until: 'paused'");
        assertEquals("gitopsRolloutBuilder", org.jenkinsci.plugins.structs.SymbolLookup.getSymbolValue(GitopsRolloutBuilder.DescriptorImpl.class)
                .iterator().next());
    }
}
