package io.jenkins.plugins.gitops.plugin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.gitops.plugin.ClusterTestSupport;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.scm.api.SCMHead;
import jenkins.scm.api.mixin.ChangeRequestSCMHead;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockFolder;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What a named cluster admits, as an Argo CD AppProject would: which jobs, whether change-request
 * builds, and what they may deploy; its credential System-scoped, looked up only for an admitted job.
 */
@WithJenkins
public class NamedClusterPolicyTest {

    private KubeEmulator kube;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    /** The emulator's kubeconfig as a System-scoped credential: only the system (a named cluster) can use it. */
    private void systemKubeconfig(String id) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new FileCredentialsImpl(CredentialsScope.SYSTEM, id, "emulator",
                "kubeconfig", SecretBytes.fromRawBytes(kube.kubeconfig().getBytes(StandardCharsets.UTF_8))));
        SystemCredentialsProvider.getInstance().save();
    }

    private static NamedCluster prod(String credentialsId) {
        NamedCluster c = new NamedCluster("prod");
        c.setCredentialsId(credentialsId);
        return c;
    }

    private static String syncScript(String manifests) {
        return "node {\n"
                + "  writeFile file: 'm.yaml', text: '''" + manifests + "'''\n"
                + "  def s = gitopsSync app: 'demo', manifests: 'm.yaml', cluster: 'prod'\n"
                + "  echo \"status=${s.status}\"\n"
                + "}";
    }

    private static String configMap(String name, String namespace) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + namespace + "\ndata:\n  k: v\n";
    }

    @Test
    void aSystemScopedCredentialServesTheNamedClusterButNoJobDirectly(JenkinsRule j) throws Exception {
        systemKubeconfig("prod-admin");
        GitopsGlobalConfiguration.get().setClusters(List.of(prod("prod-admin")));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(syncScript(configMap("a", "default")), true));
        j.assertLogContains("status=Succeeded", j.buildAndAssertSuccess(p));
        try (var client = kube.client()) {
            assertNotNull(client.configMaps().inNamespace("default").withName("a").get());
        }

        p.setDefinition(new CpsFlowDefinition("node {\n  writeFile file: 'm.yaml', text: '''" + configMap("b", "default") + "'''\n"
                + "  gitopsSync app: 'demo2', manifests: 'm.yaml', clusterCredentialsId: 'prod-admin'\n}", true));
        j.assertLogContains("'prod-admin' not found", j.buildAndAssertStatus(Result.FAILURE, p));
    }

    @Test
    void onlyTheAllowedItemsMayUseTheCluster(JenkinsRule j) throws Exception {
        systemKubeconfig("prod-admin");
        NamedCluster prod = prod("prod-admin");
        prod.setAllowedItems("team-a/**");
        GitopsGlobalConfiguration.get().setClusters(List.of(prod));
        MockFolder teamA = j.createFolder("team-a");
        WorkflowJob ok = teamA.createProject(WorkflowJob.class, "deploy");
        ok.setDefinition(new CpsFlowDefinition(syncScript(configMap("a", "default")), true));
        j.assertLogContains("status=Succeeded", j.buildAndAssertSuccess(ok));

        WorkflowJob other = j.createProject(WorkflowJob.class, "elsewhere");
        other.setDefinition(new CpsFlowDefinition(syncScript(configMap("b", "default")), true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, other);
        j.assertLogContains("cluster 'prod' does not admit elsewhere: it is not one of the cluster's allowed items (team-a/**)", b);
        try (var client = kube.client()) {
            assertNull(client.configMaps().inNamespace("default").withName("b").get());
        }
        // refused before the credential is looked up: a cluster whose credential does not exist still says which rule refused
        NamedCluster broken = prod("no-such-credential");
        broken.setAllowedItems("team-a/**");
        GitopsGlobalConfiguration.get().setClusters(List.of(broken));
        b = j.buildAndAssertStatus(Result.FAILURE, other);
        j.assertLogContains("cluster 'prod' does not admit elsewhere", b);
        j.assertLogNotContains("no-such-credential", b);
    }

    /** A change request, as the multibranch and SCM plugins describe one. */
    static final class PullRequestHead extends SCMHead implements ChangeRequestSCMHead {
        PullRequestHead() {
            super("PR-7");
        }

        @NonNull
        @Override
        public String getId() {
            return "7";
        }

        @NonNull
        @Override
        public SCMHead getTarget() {
            return new SCMHead("main");
        }
    }

    /** Says the job named pr-7 builds a pull request, as branch-api says of a multibranch project's PR job. */
    @TestExtension("changeRequestBuildsAreRefusedUnlessAllowed")
    public static final class PullRequestJobs extends SCMHead.HeadByItem {
        @Override
        public SCMHead getHead(Item item) {
            return item.getName().equals("pr-7") ? new PullRequestHead() : null;
        }
    }

    @Test
    void changeRequestBuildsAreRefusedUnlessAllowed(JenkinsRule j) throws Exception {
        systemKubeconfig("prod-admin");
        NamedCluster prod = prod("prod-admin");
        GitopsGlobalConfiguration.get().setClusters(List.of(prod));
        WorkflowJob pr = j.createProject(WorkflowJob.class, "pr-7");
        pr.setDefinition(new CpsFlowDefinition(syncScript(configMap("from-pr", "default")), true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, pr);
        j.assertLogContains("cluster 'prod' does not admit change-request builds: pr-7 builds PR-7 (change request 7); the cluster's"
                + " allowChangeRequests is off", b);
        try (var client = kube.client()) {
            assertNull(client.configMaps().inNamespace("default").withName("from-pr").get());
        }

        prod.setAllowChangeRequests(true);
        GitopsGlobalConfiguration.get().setClusters(List.of(prod));
        j.assertLogContains("status=Succeeded", j.buildAndAssertSuccess(pr));
    }

    @Test
    void aRefusalNamesTheObjectAndTheRuleAndNothingIsWritten(JenkinsRule j) throws Exception {
        systemKubeconfig("prod-admin");
        NamedCluster prod = prod("prod-admin");
        prod.setNamespaces("ml-*\n!ml-prod");
        prod.setClusterKinds("Namespace");
        GitopsGlobalConfiguration.get().setClusters(List.of(prod));
        try (var client = kube.client()) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("ml-train")
                    .endMetadata().build()).create();
        }
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(syncScript(configMap("ok", "ml-train") + "---\n" + configMap("x", "kube-system")
                + "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: admin-too\nrules: []\n"), true));
        kube.requests().reset();
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("cluster 'prod' refuses, nothing was written:", b);
        j.assertLogContains("ConfigMap/kube-system/x: namespace kube-system is not a destination of project prod (destinations: ml-*, !ml-prod)", b);
        j.assertLogContains("ClusterRole.rbac.authorization.k8s.io/admin-too: cluster-scoped kind ClusterRole.rbac.authorization.k8s.io is not in"
                + " project prod's clusterResourceWhitelist (Namespace)", b);
        assertEquals(0, kube.requests().writes(), "not even a dry run");

        p.setDefinition(new CpsFlowDefinition(syncScript(configMap("ok", "ml-train")), true));
        j.assertLogContains("status=Succeeded", j.buildAndAssertSuccess(p));
    }

    @Test
    void controllerSideStepsConnectOnlyToNamedClusters(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("own", kube);
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("gitopsRollback app: 'demo', clusterCredentialsId: 'own'", true));
        j.assertLogContains("gitopsRollback runs on the controller, which connects only to named clusters", j.buildAndAssertStatus(Result.FAILURE, p));
        p.setDefinition(new CpsFlowDefinition("gitopsWaitHealthy app: 'demo', clusterCredentialsId: 'own', server: 'https://10.0.0.1', timeout: 1", true));
        j.assertLogContains("gitopsWaitHealthy runs on the controller, which connects only to named clusters", j.buildAndAssertStatus(Result.FAILURE, p));
    }
}
