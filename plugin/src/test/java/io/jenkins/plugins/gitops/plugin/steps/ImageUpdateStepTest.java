package io.jenkins.plugins.gitops.plugin.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.gitops.plugin.LocalRepos;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
public class ImageUpdateStepTest {

    private static final String KUSTOMIZATION = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
            - deployment.yaml
            images:
            - name: registry.example.com/ml/trainer
              newTag: 2.1.0
            """;

    /** The render of the edited kustomization must show the new tag (the engine checks it before committing): the manifest runs the image. */
    private static final String DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: trainer\nspec:\n  template:\n"
            + "    spec:\n      containers:\n      - name: trainer\n        image: registry.example.com/ml/trainer:2.1.0\n";

    @TempDir
    Path tmp;

    @Test
    void snippetRoundTrip(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        ImageEntry image = new ImageEntry("registry.example.com/ml/trainer");
        image.setStrategy("semver");
        image.setConstraint("^2.1");
        ImageUpdateStep s = new ImageUpdateStep("https://git.example.com/ml/kubeflow-gitops.git", List.of(image));
        s.setTarget("kustomization:apps/trainer");
        s.setCredentialsId("git-token");
        s.setRegistryCredentialsId("registry");
        st.assertRoundTrip(s, "imageUpdate credentialsId: 'git-token', "
                + "images: [[constraint: '^2.1', name: 'registry.example.com/ml/trainer', strategy: 'semver']], "
                + "registryCredentialsId: 'registry', repo: 'https://git.example.com/ml/kubeflow-gitops.git', "
                + "target: 'kustomization:apps/trainer'");
    }

    @Test
    void explicitTagIsCommittedAndPushed(JenkinsRule j) throws Exception {
        Path work = tmp.resolve("work");
        LocalRepos.create(work, Map.of("apps/trainer/kustomization.yaml", KUSTOMIZATION,
                "apps/trainer/deployment.yaml", DEPLOYMENT));
        Path bare = tmp.resolve("remote.git");
        LocalRepos.bareClone(work, bare);
        WorkflowJob p = j.createProject(WorkflowJob.class, "ct");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  def u = imageUpdate repo: '" + bare.toUri() + "', target: 'kustomization:apps/trainer', app: 'trainer',\n"
                + "      images: [[name: 'registry.example.com/ml/trainer', tag: '2.1.7', verify: false]]\n"
                + "  echo \"new=${u.images[0].newTag} changed=${u.images[0].changed} pushed=${u.pushed} commit=${u.revision}\"\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("new=2.1.7 changed=true pushed=true commit=", b);
        GitopsAction action = b.getAction(GitopsAction.class);
        assertNotNull(action);
        assertTrue(action.getRecords().get(0).getImages().get(0).contains("2.1.7"));

        Path check = tmp.resolve("check");
        try (Git ignored = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(check.toFile()).call()) {
            assertTrue(Files.readString(check.resolve("apps/trainer/kustomization.yaml")).contains("newTag: 2.1.7"));
        }

        WorkflowRun again = j.buildAndAssertSuccess(p);
        j.assertLogContains("changed=false pushed=false commit=", again);
    }

    @Test
    void dryRunCommitsNothing(JenkinsRule j) throws Exception {
        Path work = tmp.resolve("work");
        String before = LocalRepos.create(work, Map.of("apps/trainer/kustomization.yaml", KUSTOMIZATION,
                "apps/trainer/deployment.yaml", DEPLOYMENT));
        Path bare = tmp.resolve("remote.git");
        LocalRepos.bareClone(work, bare);
        WorkflowJob p = j.createProject(WorkflowJob.class, "dry");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  def u = imageUpdate repo: '" + bare.toUri() + "', target: 'kustomization:apps/trainer', dryRun: true,\n"
                + "      images: [[name: 'registry.example.com/ml/trainer', tag: '2.2.0', verify: false]]\n"
                + "  echo \"changes=${u.changes.size()} pushed=${u.pushed} dryRun=${u.dryRun}\"\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("changes=1 pushed=false dryRun=true", b);
        try (Git git = Git.open(bare.toFile())) {
            assertEquals(before, git.getRepository().resolve("refs/heads/main").name());
        }
    }

    @Test
    void aNewModelUriIsWrittenThroughItsMarkerKeepingTheLine(JenkinsRule j) throws Exception {
        Path work = tmp.resolve("work");
        LocalRepos.create(work, Map.of("apps/fraud/inferenceservice.yaml", """
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata:
                  name: fraud
                spec:
                  predictor:
                    model:
                      modelFormat: {name: onnx}
                      storageUri: "s3://models/fraud/1" # {"$gitops": "fraud-model-uri"}
                """));
        Path bare = tmp.resolve("remote.git");
        LocalRepos.bareClone(work, bare);
        WorkflowJob p = j.createProject(WorkflowJob.class, "cd-model");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  def u = imageUpdate repo: '" + bare.toUri() + "', images: [], app: 'fraud',\n"
                + "      values: [[name: 'fraud-model-uri', value: 's3://models/fraud/3']], valueTarget: 'marker:apps/fraud/inferenceservice.yaml'\n"
                + "  echo \"old=${u.changes[0].old} new=${u.changes[0]['new']} pushed=${u.pushed}\"\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("old=s3://models/fraud/1 new=s3://models/fraud/3 pushed=true", b);

        Path check = tmp.resolve("check");
        try (Git ignored = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(check.toFile()).call()) {
            assertTrue(Files.readString(check.resolve("apps/fraud/inferenceservice.yaml"))
                    .contains("      storageUri: \"s3://models/fraud/3\" # {\"$gitops\": \"fraud-model-uri\"}\n"));
        }

        p.setDefinition(new CpsFlowDefinition("node { imageUpdate repo: '" + bare.toUri() + "', images: [], "
                + "values: [[name: 'fraud-model-uri', value: 'x']] }", true));
        WorkflowRun missing = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);
        j.assertLogContains("values need valueTarget", missing);
    }
}
