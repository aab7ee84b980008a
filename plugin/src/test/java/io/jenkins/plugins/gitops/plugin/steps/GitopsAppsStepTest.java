package io.jenkins.plugins.gitops.plugin.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.gitops.plugin.ClusterTestSupport;
import io.jenkins.plugins.gitops.plugin.LocalRepos;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
public class GitopsAppsStepTest {

    @TempDir
    Path tmp;

    private static String application(String name, String repo, String path, String namespace) {
        return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: " + name + "\n  namespace: argocd\nspec:\n"
                + "  source:\n    repoURL: '" + repo + "'\n    targetRevision: main\n    path: " + path + "\n"
                + "  destination:\n    server: https://kubernetes.default.svc\n    namespace: " + namespace + "\n"
                + "  syncPolicy:\n    syncOptions: [CreateNamespace=true]\n";
    }

    @Test
    void snippetRoundTrip(JenkinsRule j) throws Exception {
        GitopsAppsStep s = new GitopsAppsStep("argocd/kubeflow.yaml");
        s.setCluster("prod");
        s.setPrune(true);
        new SnippetizerTester(j).assertRoundTrip(s, "gitopsApps application: 'argocd/kubeflow.yaml', cluster: 'prod', prune: true");
    }

    @Test
    void syncsEveryApplicationOfTheTreeAsItsOwnApp(JenkinsRule j) throws Exception {
        Path repo = tmp.resolve("gitops");
        String url = LocalRepos.path(repo);
        LocalRepos.create(repo, Map.of(
                "apps/web.yaml", application("web", url, "web", "shop"),
                "apps/db.yaml", application("db", url, "db", "data"),
                "web/cm.yaml", LocalRepos.configMap("web"),
                "db/cm.yaml", LocalRepos.configMap("db")));
        try (KubeEmulator kube = KubeEmulator.start()) {
            ClusterTestSupport.kubeconfigCredential("kube", kube);
            WorkflowJob p = j.createProject(WorkflowJob.class, "apps");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                    + "  writeFile file: 'argocd/root.yaml', text: '''" + application("root", url, "apps", "argocd") + "'''\n"
                    + "  def r = gitopsApps application: 'argocd/root.yaml', clusterCredentialsId: 'kube'\n"
                    + "  echo \"apps=${r.apps.collect { it.app + ':' + it.status + ':' + it.namespace }} ok=${r.succeeded}\"\n"
                    + "  def d = gitopsApps application: 'argocd/root.yaml', clusterCredentialsId: 'kube', dryRun: true\n"
                    + "  echo \"inSync=${d.apps.findAll { it.inSync != null }.every { it.inSync }}\"\n"
                    + "}", true));
            WorkflowRun b = j.buildAndAssertSuccess(p);
            j.assertLogContains("apps=[root:Skipped:argocd, db:Succeeded:data, web:Succeeded:shop] ok=true", b);
            j.assertLogContains("inSync=true", b);
            try (var client = kube.client()) {
                assertEquals("web", client.configMaps().inNamespace("shop").withName("web").get().getMetadata().getLabels().get("gitops.jenkins.io/app"));
                assertEquals("db", client.configMaps().inNamespace("data").withName("db").get().getMetadata().getLabels().get("gitops.jenkins.io/app"));
            }
            List<String> recorded = b.getAction(GitopsAction.class).getRecords().stream().map(r -> r.getStep() + " " + r.getApp()).toList();
            assertEquals(List.of("sync db", "sync web", "diff db", "diff web"), recorded);
        }
    }

    /** repoRewrites points upstream URLs at a local copy; a child that cannot be fetched fails the step after its sibling synced. */
    @Test
    void repoRewritesPointAtAMirrorAndAFailingChildIsNamedWhileItsSiblingSyncs(JenkinsRule j) throws Exception {
        Path repo = tmp.resolve("mirror");
        String url = LocalRepos.path(repo);
        String upstream = "https://git.invalid/ml/deploy";
        LocalRepos.create(repo, Map.of(
                "apps/web.yaml", application("web", upstream, "web", "shop"),
                "apps/lost.yaml", application("lost", "https://git.invalid/other/repo", "x", "lost"),
                "web/cm.yaml", LocalRepos.configMap("web")));
        try (KubeEmulator kube = KubeEmulator.start()) {
            ClusterTestSupport.kubeconfigCredential("kube", kube);
            WorkflowJob p = j.createProject(WorkflowJob.class, "fork");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                    + "  writeFile file: 'argocd/root.yaml', text: '''" + application("root", upstream, "apps", "argocd") + "'''\n"
                    + "  gitopsApps application: 'argocd/root.yaml', clusterCredentialsId: 'kube', repoRewrites: '" + upstream + "=" + url + "'\n"
                    + "}", true));
            WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);
            j.assertLogContains("Application lost: https://git.invalid/other/repo", b);
            j.assertLogContains("1 of 3 app(s) failed", b);
            try (var client = kube.client()) {
                assertEquals("web", client.configMaps().inNamespace("shop").withName("web").get().getMetadata().getLabels().get("gitops.jenkins.io/app"));
            }
        }
    }

    @Test
    void repoRewritesRoundTrip(JenkinsRule j) throws Exception {
        GitopsAppsStep s = new GitopsAppsStep("argocd/kubeflow.yaml");
        s.setRepoRewrites("https://github.com/kubeflow/=https://git.corp/kubeflow/");
        new SnippetizerTester(j).assertRoundTrip(s,
                "gitopsApps application: 'argocd/kubeflow.yaml', repoRewrites: 'https://github.com/kubeflow/=https://git.corp/kubeflow/'");
    }
}
