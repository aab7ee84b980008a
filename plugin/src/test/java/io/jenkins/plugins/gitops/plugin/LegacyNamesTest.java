package io.jenkins.plugins.gitops.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import hudson.model.Items;
import hudson.model.Run;
import io.jenkins.plugins.gitops.plugin.builders.GitopsRenderBuilder;
import io.jenkins.plugins.gitops.plugin.builders.GitopsRolloutBuilder;
import io.jenkins.plugins.gitops.plugin.builders.GitopsSyncBuilder;
import io.jenkins.plugins.gitops.plugin.builders.GitopsWaitHealthyBuilder;
import io.jenkins.plugins.gitops.plugin.builders.ImageUpdateBuilder;
import io.jenkins.plugins.gitops.plugin.cluster.GitopsGlobalConfiguration;
import io.jenkins.plugins.gitops.plugin.steps.HealthCheck;
import io.jenkins.plugins.gitops.plugin.steps.ImageEntry;
import io.jenkins.plugins.gitops.plugin.steps.ValueEntry;
import io.jenkins.plugins.gitops.plugin.triggers.DriftCause;
import io.jenkins.plugins.gitops.plugin.triggers.DriftWatch;
import io.jenkins.plugins.gitops.plugin.triggers.GitopsDriftTrigger;
import io.jenkins.plugins.gitops.plugin.triggers.GitopsImageTrigger;
import io.jenkins.plugins.gitops.plugin.triggers.GitopsModelTrigger;
import io.jenkins.plugins.gitops.plugin.triggers.ModelVersionCause;
import io.jenkins.plugins.gitops.plugin.triggers.RegistryTagCause;
import io.jenkins.plugins.gitops.plugin.triggers.TagWatch;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsEnvironmentAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What was saved before the plugin's classes moved into packages by role (all in
 * io.jenkins.plugins.gitops.plugin; DriftTrigger, RegistryTrigger and ModelRegistryTrigger under
 * those names) still loads: job configurations, build records, the global configuration, the
 * triggers' state files. The snippets are written as XStream wrote those classes.
 */
@WithJenkins
class LegacyNamesTest {

    private static final String OLD = "io.jenkins.plugins.gitops.plugin.";

    @Test
    void aJobConfiguredBeforeThePackageSplitLoadsWithItsBuildersAndTriggers(JenkinsRule j) throws Exception {
        String xml = "<project><builders>"
                + "<" + OLD + "GitopsSyncBuilder><settings class=\"" + OLD + "GitopsSyncStep\"><app>kfp</app><cluster>prod</cluster>"
                + "<repo>https://git.example.com/ml/kubeflow-gitops.git</repo><path>apps/pipelines</path></settings></" + OLD + "GitopsSyncBuilder>"
                + "<" + OLD + "GitopsWaitHealthyBuilder><settings class=\"" + OLD + "GitopsWaitHealthyStep\"><app>kfp</app>"
                + "<healthChecks><" + OLD + "HealthCheck><kind>InferenceGraph</kind><group>serving.kserve.io</group>"
                + "<rules>default -&gt; Healthy</rules></" + OLD + "HealthCheck></healthChecks></settings></" + OLD + "GitopsWaitHealthyBuilder>"
                + "<" + OLD + "GitopsRolloutBuilder><settings class=\"" + OLD + "GitopsRolloutStep\"><app>kfp</app><action>promote</action>"
                + "<name>trainer</name></settings></" + OLD + "GitopsRolloutBuilder>"
                + "<" + OLD + "GitopsRenderBuilder><settings><repo>https://git.example.com/ml/kubeflow-gitops.git</repo>"
                + "<path>apps/serving</path></settings></" + OLD + "GitopsRenderBuilder>"
                + "<" + OLD + "ImageUpdateBuilder><settings><repo>https://git.example.com/ml/kubeflow-gitops.git</repo>"
                + "<images><" + OLD + "ImageEntry><name>registry.example.com/ml/trainer</name><tag>2.1.0</tag></" + OLD + "ImageEntry></images>"
                + "<values><" + OLD + "ValueEntry><name>fraud-model-uri</name><value>s3://models/7</value></" + OLD + "ValueEntry></values>"
                + "</settings></" + OLD + "ImageUpdateBuilder>"
                + "</builders></project>";
        FreeStyleProject p = (FreeStyleProject) j.jenkins.createProjectFromXML("configured-before", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        GitopsSyncBuilder sync = p.getBuildersList().get(GitopsSyncBuilder.class);
        assertThat(sync.getApp()).isEqualTo("kfp");
        assertThat(sync.getCluster()).isEqualTo("prod");
        assertThat(sync.getRepo()).isEqualTo("https://git.example.com/ml/kubeflow-gitops.git");
        GitopsWaitHealthyBuilder wait = p.getBuildersList().get(GitopsWaitHealthyBuilder.class);
        assertThat(wait.getHealthChecks()).singleElement().satisfies(h -> {
            assertThat(h).isInstanceOf(HealthCheck.class);
            assertThat(h.getKind()).isEqualTo("InferenceGraph");
        });
        assertThat(p.getBuildersList().get(GitopsRolloutBuilder.class).getAction()).isEqualTo("promote");
        assertThat(p.getBuildersList().get(GitopsRenderBuilder.class).getPath()).isEqualTo("apps/serving");
        ImageUpdateBuilder update = p.getBuildersList().get(ImageUpdateBuilder.class);
        assertThat(update.getImages()).singleElement().satisfies(i -> {
            assertThat(i).isInstanceOf(ImageEntry.class);
            assertThat(i.getTag()).isEqualTo("2.1.0");
        });
        assertThat(update.getValues()).singleElement().satisfies(v -> {
            assertThat(v).isInstanceOf(ValueEntry.class);
            assertThat(v.getValue()).isEqualTo("s3://models/7");
        });
    }

    @Test
    void triggersSavedUnderTheirOldClassNamesLoadAsTheRenamedClasses(JenkinsRule j) {
        Object drift = Items.XSTREAM2.fromXML("<" + OLD + "DriftTrigger><spec>H/10 * * * *</spec><app>kfp</app>"
                + "<repo>https://git.example.com/ml/kubeflow-gitops.git</repo><cluster>prod</cluster></" + OLD + "DriftTrigger>");
        assertThat(drift).isInstanceOfSatisfying(GitopsDriftTrigger.class, t -> {
            assertThat(t.getSpec()).isEqualTo("H/10 * * * *");
            assertThat(t.getCluster()).isEqualTo("prod");
            assertThat(t.getNamespace()).as("absent in the old file: empty, not null").isEmpty();
            assertThat(t.getApps()).as("saved before the trigger watched several apps").isEmpty();
        });
        String saved = Items.XSTREAM2.toXML(drift);
        assertThat(saved).startsWith("<" + GitopsDriftTrigger.class.getName()).contains("<clusterFields>");
        assertThat(Items.XSTREAM2.fromXML(saved)).isInstanceOfSatisfying(GitopsDriftTrigger.class, t -> assertThat(t.getCluster()).isEqualTo("prod"));
        Object image = Items.XSTREAM2.fromXML("<" + OLD + "RegistryTrigger><spec>H/5 * * * *</spec>"
                + "<image>registry.example.com/ml/trainer</image><strategy>semver</strategy></" + OLD + "RegistryTrigger>");
        assertThat(image).isInstanceOfSatisfying(GitopsImageTrigger.class, t -> assertThat(t.getImage()).isEqualTo("registry.example.com/ml/trainer"));
        Object model = Items.XSTREAM2.fromXML("<" + OLD + "ModelRegistryTrigger><spec>H/5 * * * *</spec>"
                + "<registryUrl>http://model-registry.kubeflow:8080</registryUrl><model>fraud</model></" + OLD + "ModelRegistryTrigger>");
        assertThat(model).isInstanceOfSatisfying(GitopsModelTrigger.class, t -> assertThat(t.getModel()).isEqualTo("fraud"));
    }

    @Test
    void buildRecordsWrittenBeforeThePackageSplitLoad(JenkinsRule j) {
        Object action = Run.XSTREAM2.fromXML("<" + OLD + "GitopsAction><records><" + OLD + "GitopsRecord><step>gitopsSync</step>"
                + "<app>kfp</app><revision>0123456789abcdef0123456789abcdef01234567</revision><summary>synced</summary><objects>1</objects>"
                + "<items><" + OLD + "GitopsRecord_-Item><object>apps/Deployment/kubeflow/ml-pipeline</object><outcome>configured</outcome>"
                + "</" + OLD + "GitopsRecord_-Item></items></" + OLD + "GitopsRecord></records></" + OLD + "GitopsAction>");
        assertThat(action).isInstanceOfSatisfying(GitopsAction.class, a -> assertThat(a.getRecords()).singleElement().satisfies(r -> {
            assertThat(r.getApp()).isEqualTo("kfp");
            assertThat(r.getItems()).singleElement().satisfies(i -> {
                assertThat(i).isInstanceOf(GitopsRecord.Item.class);
                assertThat(i.getOutcome()).isEqualTo("configured");
            });
        }));
        Object env = Run.XSTREAM2.fromXML("<" + OLD + "GitopsEnvironmentAction><values><entry><string>GITOPS_REVISION</string>"
                + "<string>0123456</string></entry></values></" + OLD + "GitopsEnvironmentAction>");
        assertThat(env).isInstanceOfSatisfying(GitopsEnvironmentAction.class, e -> assertThat(e.getValues()).containsEntry("GITOPS_REVISION", "0123456"));
        assertThat(Run.XSTREAM2.fromXML("<" + OLD + "DriftCause><app>kfp</app><revision>0123456</revision><reason>drifted</reason></" + OLD + "DriftCause>"))
                .isInstanceOfSatisfying(DriftCause.class, c -> assertThat(c.getReason()).isEqualTo("drifted"));
        assertThat(Run.XSTREAM2.fromXML("<" + OLD + "ModelVersionCause><model>fraud</model><version>7</version><uri>s3://models/7</uri></"
                + OLD + "ModelVersionCause>")).isInstanceOfSatisfying(ModelVersionCause.class, c -> assertThat(c.getVersion()).isEqualTo("7"));
        assertThat(Run.XSTREAM2.fromXML("<" + OLD + "RegistryTagCause><image>registry.example.com/ml/trainer</image><tag>2.1.0</tag>"
                + "<digest></digest></" + OLD + "RegistryTagCause>")).isInstanceOfSatisfying(RegistryTagCause.class, c -> assertThat(c.getTag()).isEqualTo("2.1.0"));
    }

    @Test
    void theGlobalConfigurationIsReadFromItsFileOfBeforeUntilItIsSavedAgain(JenkinsRule j) throws Exception {
        Path legacy = j.jenkins.getRootDir().toPath().resolve(LegacyNames.GLOBAL_CONFIGURATION_FILE);
        Files.writeString(legacy, "<?xml version='1.1' encoding='UTF-8'?>\n<" + OLD + "GitopsGlobalConfiguration><clusters><" + OLD + "NamedCluster>"
                + "<name>prod</name><credentialsId>prod-kubeconfig</credentialsId><namespace>kubeflow</namespace></" + OLD + "NamedCluster></clusters></"
                + OLD + "GitopsGlobalConfiguration>", StandardCharsets.UTF_8);
        GitopsGlobalConfiguration config = GitopsGlobalConfiguration.get();
        config.load();
        assertThat(config.getClusters()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("prod");
            assertThat(c.getCredentialsId()).isEqualTo("prod-kubeconfig");
        });

        config.save();
        Path current = j.jenkins.getRootDir().toPath().resolve(GitopsGlobalConfiguration.class.getName() + ".xml");
        assertThat(Files.readString(current)).contains("<" + GitopsGlobalConfiguration.class.getName()).contains("<name>prod</name>");
        Files.writeString(legacy, "<" + OLD + "GitopsGlobalConfiguration><clusters/></" + OLD + "GitopsGlobalConfiguration>", StandardCharsets.UTF_8);
        config.load();
        assertThat(config.getClusters()).as("the current file wins once written").hasSize(1);
    }

    @Test
    void triggerStateFilesWrittenBeforeThePackageSplitLoad(JenkinsRule j) {
        Object tags = LegacyNames.xstream(LegacyNames.TRIGGER_STATE).fromXML("<" + OLD + "TagWatch><watch>registry.example.com/ml/trainer semver</watch>"
                + "<seen><string>2.0.0</string><string>2.1.0</string></seen></" + OLD + "TagWatch>");
        assertThat(tags).isInstanceOfSatisfying(TagWatch.class, w -> {
            assertThat(w.getSeen()).containsExactly("2.0.0", "2.1.0");
            assertThat(w.offer("registry.example.com/ml/trainer semver", "2.1.0")).as("a tag seen before the upgrade fires nothing").isFalse();
        });
        Object drift = LegacyNames.xstream(LegacyNames.TRIGGER_STATE).fromXML("<" + OLD + "DriftWatch><watch>kfp</watch>"
                + "<lastRevision>0123456</lastRevision><fired/></" + OLD + "DriftWatch>");
        assertThat(drift).isInstanceOfSatisfying(DriftWatch.class, w -> assertThat(w.getLastRevision()).isEqualTo("0123456"));
    }
}
