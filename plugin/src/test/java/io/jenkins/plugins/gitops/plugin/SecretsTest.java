package io.jenkins.plugins.gitops.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import hudson.util.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** No secret reaches the console log or any file of the build directory, on success or failure. */
@WithJenkins
public class SecretsTest {

    private static final String TOKEN = "tok-5ecret-value-4711";
    private static final String PASSWORD = "pa55-5ecret-value-0815";
    private static final String URL_PASSWORD = "url-5ecret-value-1234";

    @TempDir
    Path tmp;

    @Test
    void secretsStayOutOfLogAndBuildDirectory(JenkinsRule j) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "git-token", "token", Secret.fromString(TOKEN)));
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "git-user", "user", "bot", PASSWORD));
        SystemCredentialsProvider.getInstance().save();
        Path repo = tmp.resolve("repo");
        LocalRepos.create(repo, Map.of("a.yaml", LocalRepos.configMap("a")));

        WorkflowJob ok = j.createProject(WorkflowJob.class, "ok");
        ok.setDefinition(new CpsFlowDefinition(
                "node { def r = gitopsRender repo: '" + LocalRepos.path(repo) + "', credentialsId: 'git-token'; echo \"r=${r}\" }", true));
        WorkflowRun b1 = j.buildAndAssertSuccess(ok);
        assertClean(j, b1);
        j.assertLogContains("r=[repo:", b1);

        WorkflowJob failing = j.createProject(WorkflowJob.class, "failing");
        failing.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  try { gitopsRender repo: 'https://bot:" + URL_PASSWORD + "@127.0.0.1:1/ml/repo.git', credentialsId: 'git-user' }"
                + " catch (e) { echo \"caught ${e.message}\" }\n"
                + "  gitopsRender repo: 'https://127.0.0.1:1/ml/repo.git', credentialsId: 'git-user'\n"
                + "}", true));
        WorkflowRun b2 = j.buildAndAssertStatus(Result.FAILURE, failing);
        j.assertLogContains("caught gitopsRender: ", b2);
        assertClean(j, b2);
        // The credential was used, and its use recorded.
        assertFalse(CredentialsProvider.findCredentialById("git-user",
                com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials.class, b2) == null);
    }

    private void assertClean(JenkinsRule j, WorkflowRun b) throws IOException {
        for (String secret : new String[] {TOKEN, PASSWORD}) {
            j.assertLogNotContains(secret, b);
        }
        // The password in the URL is in the Pipeline script (build.xml keeps the script), so only the log is checked for it.
        j.assertLogNotContains(URL_PASSWORD, b);
        try (Stream<Path> files = Files.walk(b.getRootDir().toPath())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(TOKEN), () -> f + " contains the token");
                assertFalse(text.contains(PASSWORD), () -> f + " contains the password");
            }
        }
    }
}
