package io.jenkins.plugins.gitops.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * gitopsWaitHealthy against the Kubernetes emulator, modelled on workflow-basic-steps' SleepStepTest:
 * the emulator lives outside the Jenkins sessions, so a restart of Jenkins leaves the cluster as it was.
 */
class GitopsWaitHealthyStepTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private KubeEmulator kube;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start(); // no simulators yet: nothing makes the Deployment ready
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void resumesAfterARestartAndFinishes() throws Throwable {
        sessions.then(j -> {
            ClusterTestSupport.kubeconfigCredential("kube", kube);
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                    + "  writeFile file: 'm.yaml', text: '''" + ClusterTestSupport.deployment("web") + "'''\n"
                    + "  gitopsSync app: 'demo', manifests: 'm.yaml', clusterCredentialsId: 'kube'\n"
                    + "}\n"
                    + "def h = gitopsWaitHealthy app: 'demo', clusterCredentialsId: 'kube', timeout: 5\n"
                    + "echo \"healthy=${h.healthy} outcome=${h.outcome}\"\n", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("gitopsWaitHealthy: waiting for app demo", b);
            j.waitForMessage("0/1 Deployments available", b); // the wait is running and has seen the Deployment
        });
        // Jenkins is down and up again; the cluster now gets a controller that rolls the Deployment out.
        Simulators.all(new Failures(), Duration.ofMillis(400)).forEach(kube::addController);
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("gitopsWaitHealthy: resuming the wait for app demo", b);
            j.assertLogContains("healthy=true outcome=HEALTHY", b);
            GitopsAction action = b.getAction(GitopsAction.class);
            assertEquals(List.of("sync", "wait"), action.getRecords().stream().map(GitopsRecord::getStep).toList());
        });
    }

    @Test
    void theDeadlineSurvivesARestart() throws Throwable {
        sessions.then(j -> {
            ClusterTestSupport.kubeconfigCredential("kube", kube);
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                    + "  writeFile file: 'm.yaml', text: '''" + ClusterTestSupport.deployment("web") + "'''\n"
                    + "  gitopsSync app: 'demo', manifests: 'm.yaml', clusterCredentialsId: 'kube'\n"
                    + "}\n"
                    + "gitopsWaitHealthy app: 'demo', clusterCredentialsId: 'kube', timeout: 1\n", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("gitopsWaitHealthy: waiting for app demo", b);
        });
        Thread.sleep(61_000); // the minute runs out while Jenkins is down
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
            j.assertLogContains("no time left", b);
            j.assertLogContains("timed out", b);
        });
    }

    @Test
    void snippetRoundTrip() throws Throwable {
        sessions.then(j -> {
            SnippetizerTester st = new SnippetizerTester(j);
            GitopsWaitHealthyStep s = new GitopsWaitHealthyStep("kfp");
            st.assertRoundTrip(s, "gitopsWaitHealthy 'kfp'");
            s.setClusterCredentialsId("prod");
            s.setTimeout("15m");
            s.setRollbackOnFailure(true);
            s.setFailFast(true);
            HealthCheck h = new HealthCheck("InferenceGraph");
            h.setGroup("serving.kserve.io");
            h.setRules("condition Ready=True -> Healthy\ndefault -> Progressing");
            s.setHealthChecks(List.of(h));
            st.assertRoundTrip(s, "gitopsWaitHealthy app: 'kfp', clusterCredentialsId: 'prod', failFast: true, healthChecks: [[group: "
                    + "'serving.kserve.io', kind: 'InferenceGraph', rules: '''condition Ready=True -> Healthy\ndefault -> Progressing''']], "
                    + "rollbackOnFailure: true, timeout: '15m'");
        });
    }
}
