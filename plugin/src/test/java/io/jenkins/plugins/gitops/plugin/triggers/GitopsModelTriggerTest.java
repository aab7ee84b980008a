package io.jenkins.plugins.gitops.plugin.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.ParametersAction;
import io.jenkins.plugins.gitops.testkit.modelregistry.ModelRegistryServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
public class GitopsModelTriggerTest {

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("ct");
        GitopsModelTrigger t = new GitopsModelTrigger("H/5 * * * *", "http://model-registry-service.kubeflow:8080", "fraud");
        t.setProperties("stage=production");
        t.setVersionPattern("v\\d+");
        t.setCredentialsId("mr-token");
        p.addTrigger(t);
        p = j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(t, p.getTrigger(GitopsModelTrigger.class));
    }

    @Test
    void firesOncePerNewPromotedVersionWithTheModelParameters(JenkinsRule j) throws Exception {
        try (ModelRegistryServer registry = ModelRegistryServer.start()) {
            registry.register("fraud", "v1", "s3://models/fraud/1", "onnx", Map.of("stage", "production"));
            FreeStyleProject p = j.createFreeStyleProject("ct");
            GitopsModelTrigger t = new GitopsModelTrigger("H/5 * * * *", registry.url(), "fraud");
            t.setProperties("stage=production");
            p.addTrigger(t);
            t.start(p, true);

            t.poll(p); // baseline: v1 was there before the trigger
            j.waitUntilNoActivity();
            assertThat(p.getBuilds()).isEmpty();

            registry.register("fraud", "v2", "s3://models/fraud/2", "onnx", Map.of("stage", "staging"));
            t.poll(p); // not promoted
            registry.register("fraud", "v3", "s3://models/fraud/3", "onnx", Map.of("stage", "production"));
            t.poll(p);
            t.poll(p); // the same version again
            j.waitUntilNoActivity();

            assertThat(p.getBuilds()).hasSize(1);
            FreeStyleBuild b = p.getLastBuild();
            ParametersAction params = b.getAction(ParametersAction.class);
            assertThat(params.getParameter("MODEL_VERSION").getValue()).isEqualTo("v3");
            assertThat(params.getParameter("MODEL_URI").getValue()).isEqualTo("s3://models/fraud/3");
            assertThat(params.getParameter("MODEL_FORMAT").getValue()).isEqualTo("onnx");
            assertThat(b.getCause(ModelVersionCause.class).getShortDescription()).isEqualTo("Started by model fraud version v3 (s3://models/fraud/3)");
        }
    }
}
