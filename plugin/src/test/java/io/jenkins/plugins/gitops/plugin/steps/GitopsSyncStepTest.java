package io.jenkins.plugins.gitops.plugin.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.gitops.plugin.ClusterTestSupport;
import io.jenkins.plugins.gitops.plugin.builders.GitopsSyncBuilder;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** gitopsSync, gitopsDiff, gitopsRollback and the sync builder against the Kubernetes emulator. */
@WithJenkins
public class GitopsSyncStepTest {

    private static final String TOKEN = "kube-5ecret-token-0042";

    private KubeEmulator kube;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void snippetRoundTrips(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        GitopsSyncStep s = new GitopsSyncStep("kfp");
        st.assertRoundTrip(s, "gitopsSync 'kfp'");
        s.setManifests("gitops/manifests.yaml");
        s.setClusterCredentialsId("prod");
        s.setContext("admin@prod");
        s.setPrune(true);
        s.setResources("Deployment/ml/web");
        s.setApplyOutOfSyncOnly(false);
        s.setTimeout("90s");
        s.setConfirmPrune(true);
        s.setAllowEmpty(true);
        st.assertRoundTrip(s, "gitopsSync app: 'kfp', allowEmpty: true, applyOutOfSyncOnly: false, clusterCredentialsId: 'prod', "
                + "confirmPrune: true, context: 'admin@prod', manifests: 'gitops/manifests.yaml', prune: true, resources: 'Deployment/ml/web', "
                + "timeout: '90s'");
        GitopsDiffStep d = new GitopsDiffStep("kfp");
        d.setRepo("https://git.example.com/ml/kubeflow-gitops.git");
        d.setPath("apps/pipelines");
        d.setServer("https://k8s.example.com:6443");
        d.setClusterCredentialsId("sa-token");
        d.setCaCredentialsId("prod-ca");
        st.assertRoundTrip(d, "gitopsDiff app: 'kfp', caCredentialsId: 'prod-ca', clusterCredentialsId: 'sa-token', path: 'apps/pipelines', "
                + "repo: 'https://git.example.com/ml/kubeflow-gitops.git', server: 'https://k8s.example.com:6443'");
        GitopsRollbackStep r = new GitopsRollbackStep("kfp");
        r.setHistoryId(3);
        r.setInventoryNamespace("ops");
        st.assertRoundTrip(r, "gitopsRollback app: 'kfp', historyId: 3, inventoryNamespace: 'ops'");
    }

    @Test
    void syncsDiffsAndRollsBackInAPipeline(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("kube", kube);
        ClusterTestSupport.namedCluster("emulator", "kube"); // a rollback runs on the controller: named clusters only
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  writeFile file: 'v1.yaml', text: '''" + ClusterTestSupport.configMap("a") + "'''\n"
                + "  writeFile file: 'v2.yaml', text: '''" + ClusterTestSupport.configMap("b") + "'''\n"
                + "  def s = gitopsSync app: 'demo', manifests: [manifests: 'v1.yaml', revision: 'abc123'], clusterCredentialsId: 'kube'\n"
                + "  echo \"status=${s.status} created=${s.created} revision=${s.revision} history=${s.historyId}\"\n"
                + "  def d = gitopsDiff app: 'demo', manifests: 'v2.yaml', clusterCredentialsId: 'kube', prune: true\n"
                + "  echo \"inSync=${d.inSync} diffHasB=${d.diff.contains('name: b')}\"\n"
                + "  gitopsSync app: 'demo', manifests: 'v2.yaml', clusterCredentialsId: 'kube', prune: true\n"
                + "  def r = gitopsRollback app: 'demo', cluster: 'emulator'\n"
                + "  echo \"rollback created=${r.created} pruned=${r.pruned}\"\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("status=Succeeded created=1 revision=abc123 history=1", b);
        j.assertLogContains("inSync=false diffHasB=true", b);
        j.assertLogContains("rollback created=1 pruned=1", b);
        GitopsAction action = b.getAction(GitopsAction.class);
        assertNotNull(action);
        assertEquals(List.of("sync", "diff", "sync", "rollback"), action.getRecords().stream().map(GitopsRecord::getStep).toList());
    }

    /** The build's GitOps page lists what a sync did per object, with the masked diff of changed objects. */
    @Test
    void theBuildSummaryKeepsPerObjectOutcomesAndMaskedDiffs(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("kube", kube);
        String v1 = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: first-Secret-1\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  color: blue\n";
        String v2 = v1.replace("first-Secret-1", "second-Secret-2").replace("color: blue", "color: red");
        WorkflowJob p = j.createProject(WorkflowJob.class, "summary");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  writeFile file: 'v1.yaml', text: '''" + v1 + "'''\n"
                + "  writeFile file: 'v2.yaml', text: '''" + v2 + "'''\n"
                + "  gitopsSync app: 'web', manifests: 'v1.yaml', clusterCredentialsId: 'kube'\n"
                + "  gitopsSync app: 'web', manifests: 'v2.yaml', clusterCredentialsId: 'kube'\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        List<GitopsRecord> records = b.getAction(GitopsAction.class).getRecords();
        assertEquals(List.of("created", "created"), records.get(0).getItems().stream().map(GitopsRecord.Item::getOutcome).toList());
        GitopsRecord.Item cm = records.get(1).getItems().stream().filter(i -> i.getObject().equals("ConfigMap/default/web")).findFirst().orElseThrow();
        assertEquals("configured", cm.getOutcome());
        assertTrue(cm.getDiff().contains("-  color: blue") && cm.getDiff().contains("+  color: red"), cm.getDiff());
        GitopsRecord.Item secret = records.get(1).getItems().stream().filter(i -> i.getObject().equals("Secret/default/db")).findFirst().orElseThrow();
        assertTrue(!secret.getDiff().contains("Secret-1") && !secret.getDiff().contains("Secret-2"), secret.getDiff());
        String page = j.createWebClient().getPage(b, "gitops/").asNormalizedText();
        assertTrue(page.contains("ConfigMap/default/web") && page.contains("configured"), page);
        // the job page's table (jobMain.jelly) formats the deploying build's time: it threw while that was a long
        String jobPage = j.createWebClient().getPage(p).asNormalizedText();
        assertTrue(jobPage.contains("GitOps apps") && jobPage.contains("#" + b.getNumber()), jobPage);
        j.assertLogNotContains("second-Secret-2", b);
    }

    @Test
    void aFailedSyncFailsTheStepWithTheEnginesMessage(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("kube", kube);
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  writeFile file: 'm.yaml', text: '''apiVersion: example.com/v1\\nkind: Nope\\nmetadata:\\n  name: x\\n'''\n"
                + "  gitopsSync app: 'demo', manifests: 'm.yaml', clusterCredentialsId: 'kube'\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("gitopsSync: ", b);
    }

    @Test
    void freestyleBuilderExportsCounts(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("kube", kube);
        FreeStyleProject p = j.createFreeStyleProject("f");
        p.getBuildersList().add(new hudson.tasks.Builder() {
            @Override
            public boolean perform(hudson.model.AbstractBuild<?, ?> build, hudson.Launcher launcher, hudson.model.BuildListener listener)
                    throws java.io.IOException, InterruptedException {
                build.getWorkspace().child("m.yaml").write(ClusterTestSupport.configMap("a"), "UTF-8");
                return true;
            }
        });
        GitopsSyncBuilder sync = new GitopsSyncBuilder("demo");
        sync.setManifests("m.yaml");
        sync.setClusterCredentialsId("kube");
        p.getBuildersList().add(sync);
        p.getBuildersList().add(new hudson.tasks.Shell("echo created=$GITOPS_SYNC_CREATED status=$GITOPS_SYNC_STATUS"));
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        j.assertLogContains("created=1 status=Succeeded", b);
        sync.setForceConflicts(false); // not the default: the form must carry it (it was missing from the builder's form)
        j.configRoundtrip(p);
        GitopsSyncBuilder after = p.getBuildersList().get(GitopsSyncBuilder.class);
        j.assertEqualDataBoundBeans(sync, after);
    }

    @Test
    void theClusterTokenStaysOutOfTheLogAndTheBuildDirectory(JenkinsRule j) throws Exception {
        ClusterTestSupport.tokenCredential("kube-token", TOKEN);
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  writeFile file: 'm.yaml', text: '''" + ClusterTestSupport.configMap("a") + "'''\n"
                + "  def s = gitopsSync app: 'demo', manifests: 'm.yaml', clusterCredentialsId: 'kube-token', server: '" + kube.url() + "',"
                + " namespace: 'default', dryRun: true\n"
                + "  echo \"s=${s}\"\n"
                + "  try { gitopsSync app: 'demo', manifests: 'm.yaml', clusterCredentialsId: 'kube-token', server: 'https://127.0.0.1:1' }"
                + " catch (e) { echo \"caught ${e.message}\" }\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("caught gitopsSync: ", b);
        j.assertLogNotContains(TOKEN, b);
        try (Stream<Path> files = Files.walk(b.getRootDir().toPath())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(TOKEN), () -> f + " contains the cluster token");
            }
        }
        assertTrue(b.getAction(GitopsAction.class).getRecords().size() >= 1);
    }
}
