package io.jenkins.plugins.gitops.plugin.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The state a trigger keeps beside its job, read, decided on and written once, in PollingTrigger. */
@WithJenkins
class PollingTriggerStateTest {

    /** A tag (or version) offered to the trigger's TagWatch state: true when a build should start. */
    private static boolean offer(PollingTrigger t, FreeStyleProject p, String file, Predicate<TagWatch> offer) throws Exception {
        Boolean fire = t.offer(p, file, TagWatch.class, TagWatch::new, offer::test);
        return fire;
    }

    @Test
    void aStateFileWrittenBeforeThePackageSplitIsReadAndRewrittenUnderTheNewName(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        Path state = p.getRootDir().toPath().resolve(GitopsImageTrigger.STATE_FILE);
        Files.writeString(state, "<?xml version='1.1' encoding='UTF-8'?>\n<io.jenkins.plugins.gitops.plugin.TagWatch>"
                + "<watch>trainer semver</watch><seen><string>2.1.0</string></seen></io.jenkins.plugins.gitops.plugin.TagWatch>",
                StandardCharsets.UTF_8);
        GitopsImageTrigger t = new GitopsImageTrigger("H/5 * * * *", "registry.example.com/ml/trainer");

        assertThat(offer(t, p, GitopsImageTrigger.STATE_FILE, w -> w.offer("trainer semver", "2.1.0")))
                .as("a tag seen before the upgrade").isFalse();
        assertThat(offer(t, p, GitopsImageTrigger.STATE_FILE, w -> w.offer("trainer semver", "2.2.0")))
                .as("a new tag").isTrue();
        assertThat(Files.readString(state)).contains("<" + TagWatch.class.getName() + ">").contains("<string>2.2.0</string>");
    }

    @Test
    void withoutAStateFileTheFirstOfferIsTheBaseline(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        GitopsModelTrigger t = new GitopsModelTrigger("H/5 * * * *", "http://model-registry.kubeflow:8080", "fraud");
        assertThat(offer(t, p, GitopsModelTrigger.STATE_FILE, w -> w.offer("fraud", "7"))).isFalse();
        assertThat(offer(t, p, GitopsModelTrigger.STATE_FILE, w -> w.offer("fraud", "8"))).isTrue();
        assertThat(p.getRootDir().toPath().resolve(GitopsModelTrigger.STATE_FILE)).exists();
    }
}
