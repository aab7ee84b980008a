package io.jenkins.plugins.gitops.plugin.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.plugin.LocalRepos;
import io.jenkins.plugins.gitops.plugin.builders.GitopsRenderBuilder;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import java.nio.file.Path;
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
public class GitopsRenderStepTest {

    @TempDir
    Path tmp;

    @Test
    void snippetRoundTrip(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        GitopsRenderStep s = new GitopsRenderStep("https://git.example.com/ml/kubeflow-gitops.git");
        st.assertRoundTrip(s, "gitopsRender 'https://git.example.com/ml/kubeflow-gitops.git'");
        s.setRevision("main");
        s.setPath("apps/pipelines");
        s.setCredentialsId("git-token");
        st.assertRoundTrip(s, "gitopsRender credentialsId: 'git-token', path: 'apps/pipelines', "
                + "repo: 'https://git.example.com/ml/kubeflow-gitops.git', revision: 'main'");
        s.setTool("helm");
        s.setReleaseName("kfp");
        s.setHelmValues("image.tag=2.1");
        s.setOutputFile("out/kfp.yaml");
        st.assertRoundTrip(s, "gitopsRender credentialsId: 'git-token', helmValues: 'image.tag=2.1', outputFile: 'out/kfp.yaml', "
                + "path: 'apps/pipelines', releaseName: 'kfp', repo: 'https://git.example.com/ml/kubeflow-gitops.git', "
                + "revision: 'main', tool: 'helm'");
    }

    @Test
    void rendersALocalRepositoryAndReturnsTheResult(JenkinsRule j) throws Exception {
        Path repo = tmp.resolve("repo");
        String sha = LocalRepos.create(repo, Map.of(
                "apps/demo/a.yaml", LocalRepos.configMap("a"),
                "apps/demo/b.yaml", LocalRepos.configMap("b")));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  def r = gitopsRender repo: '" + LocalRepos.path(repo) + "', revision: 'main', path: 'apps/demo'\n"
                + "  echo \"objects=${r.objectCount} renderer=${r.renderer} revision=${r.revision} manifests=${r.manifests}\"\n"
                + "  echo \"digest=${r.digest} cacheHit=${r.cacheHit}\"\n"
                + "  echo readFile(r.manifests)\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("objects=2 renderer=directory revision=" + sha + " manifests=gitops/manifests.yaml", b);
        j.assertLogContains("digest=sha256:", b);
        j.assertLogContains("name: a", b);
        GitopsAction action = b.getAction(GitopsAction.class);
        assertNotNull(action);
        assertEquals(1, action.getRecords().size());
        assertEquals(sha, action.getRecords().get(0).getRevision());
        assertEquals(2, action.getRecords().get(0).getObjects());

        WorkflowRun again = j.buildAndAssertSuccess(p);
        j.assertLogContains("cacheHit=true", again);
    }

    @Test
    void missingPathFailsCleanly(JenkinsRule j) throws Exception {
        Path repo = tmp.resolve("repo");
        LocalRepos.create(repo, Map.of("apps/demo/a.yaml", LocalRepos.configMap("a")));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node { gitopsRender repo: '" + LocalRepos.path(repo) + "', path: 'apps/nope' }", true));
        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);
        j.assertLogContains("gitopsRender: ", b);
        j.assertLogContains("apps/nope", b);
    }

    @Test
    void freestyleBuilderExportsEnvironment(JenkinsRule j) throws Exception {
        Path repo = tmp.resolve("repo");
        String sha = LocalRepos.create(repo, Map.of("k8s/a.yaml", LocalRepos.configMap("a")));
        FreeStyleProject p = j.createFreeStyleProject("f");
        GitopsRenderBuilder builder = new GitopsRenderBuilder(LocalRepos.path(repo));
        builder.setPath("k8s");
        p.getBuildersList().add(builder);
        p = j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(builder, p.getBuildersList().get(GitopsRenderBuilder.class));
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        var env = b.getEnvironment(TaskListener.NULL);
        assertEquals(sha, env.get("GITOPS_REVISION"));
        assertTrue(env.get("GITOPS_DIGEST").startsWith("sha256:"));
        assertEquals("1", env.get("GITOPS_OBJECT_COUNT"));
    }

    /** A chart from a chart repository with a version constraint and inline values, as Argo CD's repoURL + chart. */
    @Test
    void rendersAChartFromAChartRepository(JenkinsRule j) throws Exception {
        byte[] web = io.jenkins.plugins.gitops.testkit.helm.TarGz.create()
                .file("web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.2.0\n")
                .file("web/values.yaml", "color: chart\n")
                .file("web/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-web\n"
                        + "data:\n  color: {{ .Values.color | quote }}\n  version: {{ .Chart.Version | quote }}\n")
                .build();
        try (var charts = io.jenkins.plugins.gitops.testkit.helm.ChartRepoServer.start().publish("web", "1.2.0", web)) {
            WorkflowJob p = j.createProject(WorkflowJob.class, "chart");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n"
                    + "  def r = gitopsRender repo: '" + charts.url() + "', chart: 'web', chartVersion: '^1.0', releaseName: 'shop',\n"
                    + "      valuesYaml: 'color: inline'\n"
                    + "  echo \"revision=${r.revision} objects=${r.objectCount}\"\n"
                    + "  echo readFile(r.manifests)\n"
                    + "}", true));
            WorkflowRun b = j.buildAndAssertSuccess(p);
            j.assertLogContains("revision=1.2.0 objects=1", b);
            j.assertLogContains("name: shop-web", b);
            j.assertLogContains("color: inline", b);
        }
    }
}
