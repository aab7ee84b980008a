package io.jenkins.plugins.gitops.plugin.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import io.jenkins.plugins.gitops.plugin.ClusterTestSupport;
import io.jenkins.plugins.gitops.plugin.cluster.WaitHub;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
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
public class GitopsWaitHealthyStepTest {

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
            ClusterTestSupport.namedCluster("emulator", "kube"); // the wait runs on the controller: named clusters only
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                    + "  writeFile file: 'm.yaml', text: '''" + ClusterTestSupport.deployment("web") + "'''\n"
                    + "  gitopsSync app: 'demo', manifests: 'm.yaml', clusterCredentialsId: 'kube'\n"
                    + "}\n"
                    + "def h = gitopsWaitHealthy app: 'demo', cluster: 'emulator', timeout: 5\n"
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
            ClusterTestSupport.namedCluster("emulator", "kube"); // the wait runs on the controller: named clusters only
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                    + "  writeFile file: 'm.yaml', text: '''" + ClusterTestSupport.deployment("web") + "'''\n"
                    + "  gitopsSync app: 'demo', manifests: 'm.yaml', clusterCredentialsId: 'kube'\n"
                    + "}\n"
                    + "gitopsWaitHealthy app: 'demo', cluster: 'emulator', timeout: 1\n", true));
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

    private static final int WAITS = 20;

    /** A custom resource per app whose operator says Ready=False until {@link #ready} (written as the operator would). */
    private void widgets() {
        kube.close();
        kube = KubeEmulator.builder().crdEstablishDelay(Duration.ZERO).start();
        kube.apply(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load("""
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
                """)), "test");
        try (var client = kube.client()) { // until Established (on a watch): then the Widget kind is served
            client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").waitUntilCondition(crd -> crd != null
                    && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")), 30, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (int i = 0; i < WAITS; i++) {
            kube.apply(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(
                    "{apiVersion: example.com/v1, kind: Widget, metadata: {name: w%d, namespace: default, labels: {gitops.jenkins.io/app: app-%d}}}"
                            .formatted(i, i))), "test");
            ready(i, "False");
        }
    }

    private void ready(int i, String status) {
        try (var client = kube.client()) {
            var widgets = client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default");
            var w = widgets.withName("w" + i).get();
            w.setAdditionalProperty("status", java.util.Map.of("observedGeneration", w.getMetadata().getGeneration(), "conditions",
                    List.of(java.util.Map.of("type", "Ready", "status", status, "reason", status.equals("True") ? "Ready" : "Provisioning"))));
            widgets.resource(w).updateStatus();
        }
    }

    /** Threads inside this plugin's or the engine's code (not the emulator's), and OkHttp's socket readers (one per open watch). */
    private static java.util.Map<String, Long> threads() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("OkHttp http")) {
                out.merge("okhttp-readers", 1L, Long::sum);
            }
            for (StackTraceElement f : e.getValue()) {
                // the emulator runs in this JVM too: its threads are the cluster's, not the waits'
                if (f.getClassName().startsWith("io.jenkins.plugins.gitops") && !f.getClassName().startsWith("io.jenkins.plugins.gitops.testkit")) {
                    out.merge("in-gitops-code", 1L, Long::sum);
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void twentyWaitsHoldNoThreadWhileNothingChanges() throws Throwable {
        widgets();
        sessions.then(j -> {
            ClusterTestSupport.kubeconfigCredential("kube", kube);
            ClusterTestSupport.namedCluster("emulator", "kube"); // the wait runs on the controller: named clusters only
            List<WorkflowRun> builds = new java.util.ArrayList<>();
            for (int i = 0; i < WAITS; i++) {
                WorkflowJob p = j.createProject(WorkflowJob.class, "w" + i);
                p.setDefinition(new CpsFlowDefinition("def h = gitopsWaitHealthy app: 'app-" + i + "', cluster: 'emulator', timeout: 5\n"
                        + "echo \"healthy=${h.healthy}\"\n", true));
                builds.add(p.scheduleBuild2(0).waitForStart());
            }
            for (WorkflowRun b : builds) {
                j.waitForMessage("0/1 objects healthy", b); // each wait has its watch and has seen its Widget
            }

            java.util.Map<String, Long> idle = threads();
            System.out.println("while " + WAITS + " waits are idle: " + idle + ", shared connections " + WaitHub.open());
            assertEquals(null, idle.get("in-gitops-code"), "no thread is inside a wait");
            org.junit.jupiter.api.Assertions.assertTrue(idle.getOrDefault("okhttp-readers", 0L) <= 2, "one watch for all waits: " + idle);
            assertEquals(1, WaitHub.open());

            for (int i = 0; i < WAITS; i++) {
                ready(i, "True");
            }
            for (WorkflowRun b : builds) {
                j.assertBuildStatusSuccess(j.waitForCompletion(b));
                j.assertLogContains("healthy=true", b);
            }
            assertEquals(0, WaitHub.open(), "the last wait closed the shared connection");
        });
    }
}
