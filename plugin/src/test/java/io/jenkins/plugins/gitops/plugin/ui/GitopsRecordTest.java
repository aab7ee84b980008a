package io.jenkins.plugins.gitops.plugin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Run;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * GitopsRecord is stored in build.xml (in GitopsAction) forever: records written before it kept a
 * status and a dry-run flag load with both derived from their summary, as the job page read them.
 */
@WithJenkins
class GitopsRecordTest {

    private static final String P = "io.jenkins.plugins.gitops.plugin.";

    private static String record(String step, String app, String revision, String summary, String items) {
        return "    <" + P + "GitopsRecord>\n      <step>" + step + "</step>\n      <app>" + app + "</app>\n      <repo></repo>\n"
                + "      <revision>" + revision + "</revision>\n      <summary>" + summary + "</summary>\n      <objects>2</objects>\n"
                + "      <images/>\n" + items + "    </" + P + "GitopsRecord>\n";
    }

    /** A build.xml action as the plugin wrote it before status and dryRun (and, for the oldest, before items). */
    private static final String OLD_ACTION = "<" + P + "GitopsAction>\n  <records>\n"
            + record("render", "", "c3", "2 objects, kustomize, sha256:ab", "")
            + record("sync", "kfp", "c3", "2 configured", "      <items>\n        <" + P + "GitopsRecord_-Item>\n"
                    + "          <object>ConfigMap/default/web</object>\n          <outcome>configured</outcome>\n          <detail></detail>\n"
                    + "          <diff>-a\n+b\n</diff>\n        </" + P + "GitopsRecord_-Item>\n      </items>\n")
            + record("wait", "kfp", "", "healthy: 2 of 2 healthy", "      <items/>\n")
            + record("sync", "kfp", "c4", "FAILED: 0 created, 0 configured, 1 unchanged, 0 pruned, 0 skipped, 1 failed", "      <items/>\n")
            + record("sync", "kfp", "c4", "FAILED: dry run: 1 failed", "      <items/>\n")
            + record("diff", "kfp", "c4", "dry run: 1 configured, out of sync", "      <items/>\n")
            + record("sync", "trainer", "", "REFUSED: project denies namespace kube-system", "      <items/>\n")
            + record("wait", "kfp", "", "NOT healthy: 1 of 2 degraded", "      <items/>\n")
            + record("imageUpdate (dry run)", "kfp", "", "1 image(s) would change", "")
            + "  </records>\n</" + P + "GitopsAction>\n";

    @Test
    void recordsFromOlderBuildsLoadWithTheirOutcomeDerived(JenkinsRule j) {
        GitopsAction action = (GitopsAction) Run.XSTREAM2.fromXML(OLD_ACTION);
        List<GitopsRecord> records = action.getRecords();
        assertThat(records).extracting(GitopsRecord::getStatus).containsExactly(Status.SUCCEEDED, Status.SUCCEEDED, Status.HEALTHY,
                Status.FAILED, Status.FAILED, Status.SUCCEEDED, Status.REFUSED, Status.NOT_HEALTHY, Status.SUCCEEDED);
        assertThat(records).extracting(GitopsRecord::isDryRun).containsExactly(false, false, false, false, true, true, false, false, true);
        assertThat(records.get(0).getItems()).as("a record from before items existed").isEmpty();
        assertThat(records.get(1).getItems()).singleElement().satisfies(i -> assertThat(i.getDiff()).isEqualTo("-a\n+b\n"));
        assertThat(records.get(1).getSummary()).isEqualTo("2 configured");

        List<AppStatus> apps = AppStatus.of(List.of(new AppStatus.Build(7, "job/cd/7/", 700, records)));
        assertThat(apps).extracting(AppStatus::getApp).containsExactly("kfp", "trainer");
        assertThat(apps.get(0).getFailedIn()).as("the failed sync after the deploying one").isEqualTo(7);
        assertThat(apps.get(0).isHealthy()).as("the last wait of the build said NOT healthy").isFalse();
        assertThat(apps.get(1).getDeployedIn()).as("a refused app deployed nothing").isZero();
    }

    @Test
    void newRecordsKeepTheirStatusThroughBuildXml(JenkinsRule j) {
        GitopsRecord r = GitopsRecord.builder("sync", Status.WAITING).dryRun(false).app("kfp").revision("c5")
                .summary("FAILED: 2 created, 1 waiting for confirmation").objects(3).build();
        String xml = Run.XSTREAM2.toXML(r);
        assertThat(xml).contains("<status>WAITING</status>", "<dryRun>false</dryRun>");
        GitopsRecord back = (GitopsRecord) Run.XSTREAM2.fromXML(xml);
        assertThat(back.getStatus()).as("not derived again from the summary's FAILED").isEqualTo(Status.WAITING);
        assertThat(back.getSummary()).isEqualTo(r.getSummary());
        assertThat(back.getObjects()).isEqualTo(3);
    }
}
