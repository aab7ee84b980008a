package io.jenkins.plugins.gitops.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.TaskListener;
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
class GitopsRenderStepTest {

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
}
