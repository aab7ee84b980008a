package io.jenkins.plugins.gitops.plugin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.CertificateCredentialsImpl;
import hudson.AbortException;
import hudson.model.FreeStyleBuild;
import hudson.model.Result;
import io.jenkins.plugins.gitops.plugin.ClusterTestSupport;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Named clusters of the global configuration, and the certificate credential. */
@WithJenkins
public class NamedClusterTest {

    private KubeEmulator kube;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static NamedCluster cluster(String name, String credentialsId) {
        NamedCluster c = new NamedCluster(name);
        c.setCredentialsId(credentialsId);
        return c;
    }

    /** What JCasC does (the data-bound setters), then the form round trip and a reload from disk keep every field. */
    @Test
    void configRoundtrip(JenkinsRule j) throws Exception {
        NamedCluster prod = cluster("prod", "prod-kubeconfig");
        prod.setContext("admin@prod");
        prod.setNamespace("kubeflow");
        prod.setAllowExecPlugins(true);
        NamedCluster token = cluster("edge.eu-1", "edge-token");
        token.setServer("https://k8s.example.com:6443");
        token.setCaCredentialsId("edge-ca");
        NamedCluster here = new NamedCluster("here");
        here.setInCluster(true);
        here.setAllowedItems("team-a/**\ndeploy/prod-*");
        here.setAllowChangeRequests(true);
        here.setNamespaces("ml-*\n!ml-prod");
        here.setClusterKinds("Namespace\nClusterRole.rbac.authorization.k8s.io");
        here.setDeniedKinds("ResourceQuota");
        here.setSourceRepos("https://git.example.com/ml/*");
        GitopsGlobalConfiguration config = GitopsGlobalConfiguration.get();
        config.setClusters(List.of(prod, token, here));

        j.configRoundtrip();
        j.assertEqualDataBoundBeans(List.of(prod, token, here), GitopsGlobalConfiguration.get().getClusters());
        j.assertEqualDataBoundBeans(List.of(prod, token, here), new GitopsGlobalConfiguration().getClusters());
    }

    @Test
    void invalidClustersAreRefused(JenkinsRule j) {
        GitopsGlobalConfiguration config = GitopsGlobalConfiguration.get();
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> config.setClusters(List.of(cluster("prod", "a"), cluster("prod", "b"))));
        assertTrue(twice.getMessage().contains("defined twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config.setClusters(List.of(cluster("Prod Cluster", "a"))));
        assertThrows(IllegalArgumentException.class, () -> config.setClusters(List.of(new NamedCluster("nothing"))));
        NamedCluster both = cluster("both", "a");
        both.setInCluster(true);
        assertThrows(IllegalArgumentException.class, () -> config.setClusters(List.of(both)));
        assertEquals(List.of(), config.getClusters());
    }

    @Test
    void aPipelineSyncsToANamedCluster(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("prod-kubeconfig", kube);
        NamedCluster prod = cluster("prod", "prod-kubeconfig");
        prod.setNamespace("team");
        GitopsGlobalConfiguration.get().setClusters(List.of(prod));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  writeFile file: 'm.yaml', text: '''" + ClusterTestSupport.configMap("a") + "'''\n"
                + "  def s = gitopsSync app: 'demo', manifests: 'm.yaml', cluster: 'prod', createNamespace: true\n"
                + "  echo \"status=${s.status} created=${s.created}\"\n"
                + "  def d = gitopsDiff app: 'demo', manifests: 'm.yaml', cluster: 'prod'\n"
                + "  echo \"inSync=${d.inSync}\"\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("status=Succeeded", b);
        j.assertLogContains("gitopsSync:   created ConfigMap/team/a", b); // the progress line, written as it happened
        j.assertLogContains("inSync=true", b);
        try (var client = kube.client()) {
            assertNotNull(client.configMaps().inNamespace("team").withName("a").get(), "the named cluster's default namespace applies");
        }
    }

    @Test
    void anUnknownNameListsTheDefinedOnesAndMixingIsRefused(JenkinsRule j) throws Exception {
        ClusterTestSupport.kubeconfigCredential("kube", kube);
        GitopsGlobalConfiguration.get().setClusters(List.of(cluster("prod", "kube"), cluster("staging", "kube")));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node { writeFile file: 'm.yaml', text: 'kind: List'\n gitopsSync app: 'demo', manifests: 'm.yaml', cluster: 'prod-eu' }", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("no cluster named 'prod-eu' in the global configuration (defined: prod, staging)", b);

        p.setDefinition(new CpsFlowDefinition(
                "node { writeFile file: 'm.yaml', text: 'kind: List'\n"
                + " gitopsSync app: 'demo', manifests: 'm.yaml', cluster: 'prod', server: 'https://elsewhere.example.com' }", true));
        b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("cluster 'prod' is defined in the global configuration: leave clusterCredentialsId", b);
    }

    /** The controller's service account only through a named cluster; outside a pod the error says so. */
    @Test
    void inClusterOnTheControllerNeedsANamedCluster(JenkinsRule j) throws Exception {
        assumeTrue(System.getenv("KUBERNETES_SERVICE_HOST") == null, "runs outside Kubernetes");
        NamedCluster here = new NamedCluster("here");
        here.setInCluster(true);
        GitopsGlobalConfiguration.get().setClusters(List.of(here));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("gitopsRollback app: 'demo', inCluster: true", true));
        j.assertLogContains("gitopsRollback runs on the controller, which connects only to named clusters", j.buildAndAssertStatus(Result.FAILURE, p));
        p.setDefinition(new CpsFlowDefinition("gitopsRollback app: 'demo', cluster: 'here'", true));
        j.assertLogContains("in-cluster: not running in a Kubernetes pod", j.buildAndAssertStatus(Result.FAILURE, p));
    }

    /** A PKCS#12 certificate credential becomes a client certificate and key in PEM, with the server URL; the key is masked. */
    @Test
    void certificateCredentialsResolveToAClientCertificate(JenkinsRule j) throws Exception {
        Path p12 = dir.resolve("client.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "jenkins", "-keyalg", "EC", "-dname", "CN=jenkins", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), out);
        SystemCredentialsProvider.getInstance().getCredentials().add(new CertificateCredentialsImpl(CredentialsScope.GLOBAL, "cert", "client",
                "changeit", new CertificateCredentialsImpl.UploadedKeyStoreSource(null, SecretBytes.fromRawBytes(Files.readAllBytes(p12)))));
        SystemCredentialsProvider.getInstance().save();
        FreeStyleBuild run = j.buildAndAssertSuccess(j.createFreeStyleProject());

        AbortException noServer = assertThrows(AbortException.class, () -> new ClusterSettings("cert", "", "", "").resolve(run, ""));
        assertTrue(noServer.getMessage().contains("give the API server URL too"), noServer.getMessage());

        ClusterAccess access = new ClusterSettings("cert", "", "https://k8s.example.com:6443", "").resolve(run, "ml");
        assertEquals("ClusterAccess[certificate for https://k8s.example.com:6443]", access.toString());
        assertTrue(access.secrets().get(0).startsWith("-----BEGIN PRIVATE KEY-----"), "the key is masked in logs");
        var config = access.config();
        assertEquals("https://k8s.example.com:6443/", config.getMasterUrl());
        assertEquals("EC", config.getClientKeyAlgo());
        String cert = new String(java.util.Base64.getDecoder().decode(config.getClientCertData()), StandardCharsets.UTF_8);
        assertTrue(cert.startsWith("-----BEGIN CERTIFICATE-----"), cert);
    }
}
