package io.jenkins.plugins.gitops.plugin.triggers;

import hudson.model.FreeStyleProject;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
public class GitopsImageTriggerTest {

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("ct");
        GitopsImageTrigger t = new GitopsImageTrigger("H/5 * * * *", "registry.example.com/ml/base");
        t.setConstraint("^3");
        t.setIgnoreTags("*-rc*");
        t.setRegistryCredentialsId("registry");
        p.addTrigger(t);
        p = j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(t, p.getTrigger(GitopsImageTrigger.class));
    }
}
