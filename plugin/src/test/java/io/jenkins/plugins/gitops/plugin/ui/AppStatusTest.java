package io.jenkins.plugins.gitops.plugin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord.Status;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

public class AppStatusTest {

    private static GitopsRecord rec(String step, String app, String revision, String summary) {
        GitopsRecord.Status status = step.equals("wait") ? summary.startsWith("healthy") ? Status.HEALTHY : Status.DEGRADED
                : summary.startsWith("FAILED") ? Status.FAILED : Status.SUCCEEDED;
        return rec(step, app, revision, status, summary.startsWith("dry run"), summary);
    }

    private static GitopsRecord rec(String step, String app, String revision, Status status, boolean dryRun, String summary) {
        return GitopsRecord.builder(step, status).dryRun(dryRun).app(app).revision(revision).summary(summary).objects(3).build();
    }

    @Test
    void lastSuccessfulSyncAndLastWaitPerAppFromNewestBuildBackwards() {
        List<AppStatus.Build> builds = List.of(
                new AppStatus.Build(12, "job/cd/12/", 1200, List.of(rec("render", "", "c3", "3 objects"), rec("sync", "kfp", "c3", "FAILED: 1 failed"))),
                new AppStatus.Build(11, "job/cd/11/", 1100, List.of(rec("diff", "kfp", "c2", "dry run: 1 configured, out of sync"),
                        rec("sync", "trainer", "t9", "dry run: 2 configured"))),
                new AppStatus.Build(10, "job/cd/10/", 1000, List.of(rec("sync", "kfp", "c2abcdef0123456789", "2 configured"),
                        rec("wait", "kfp", "", "NOT healthy: 1 of 3 degraded"), rec("rollback", "kfp", "c1", "1 configured"),
                        rec("wait", "kfp", "", "healthy: 3 of 3"))),
                new AppStatus.Build(9, "job/cd/9/", 900, List.of(rec("sync", "trainer", "t8", "5 created"), rec("wait", "trainer", "", "healthy: 5 of 5"))));

        List<AppStatus> apps = AppStatus.of(builds);

        assertThat(apps).extracting(AppStatus::getApp).containsExactly("kfp", "trainer");
        AppStatus kfp = apps.get(0);
        assertThat(kfp.getRevision()).isEqualTo("c1");
        assertThat(kfp.getSyncSummary()).isEqualTo("rollback: 1 configured");
        assertThat(kfp.getDeployedIn()).isEqualTo(10);
        assertThat(kfp.getDeployedUrl()).isEqualTo("job/cd/10/");
        assertThat(kfp.getDeployedDate()).as("what the job page's formatDate takes").isEqualTo(new Date(1000));
        assertThat(kfp.getFailedIn()).isEqualTo(12);
        assertThat(kfp.isHealthy()).isTrue();
        assertThat(kfp.getHealthIn()).isEqualTo(10);
        AppStatus trainer = apps.get(1);
        assertThat(trainer.getRevision()).as("dry runs deploy nothing").isEqualTo("t8");
        assertThat(trainer.getDeployedIn()).isEqualTo(9);
        assertThat(trainer.getFailedIn()).isZero();
        assertThat(trainer.getHealth()).isEqualTo("healthy: 5 of 5");
    }

    @Test
    void aJobWithoutSyncsShowsNothingDeployed() {
        List<AppStatus> apps = AppStatus.of(List.of(new AppStatus.Build(1, "job/x/1/", 1, List.of(rec("wait", "kfp", "", "NOT healthy: timeout")))));
        assertThat(apps).singleElement().satisfies(a -> {
            assertThat(a.getRevision()).isEmpty();
            assertThat(a.getDeployedIn()).isZero();
            assertThat(a.isHealthy()).isFalse();
        });
    }

    /** The table reads each record's status and dry-run flag, whatever its summary says. */
    @Test
    void statusAndDryRunDecideNotTheSummaryText() {
        List<AppStatus.Build> builds = List.of(
                new AppStatus.Build(5, "job/cd/5/", 500, List.of(rec("sync", "kfp", "c5", Status.WAITING, false, "2 created, 1 waiting"))),
                new AppStatus.Build(4, "job/cd/4/", 400, List.of(rec("sync", "kfp", "c4", Status.FAILED, true, "FAILED: dry run: 1 failed"),
                        rec("sync", "trainer", "", Status.REFUSED, false, "REFUSED: project denies namespace kube-system"))),
                new AppStatus.Build(3, "job/cd/3/", 300, List.of(rec("sync", "kfp", "c3", Status.SUCCEEDED, false, "1 configured"),
                        rec("wait", "kfp", "", Status.TIMED_OUT, false, "healthy objects: 2 of 3"),
                        rec("sync", "trainer", "t3", Status.SUCCEEDED, false, "4 created"))));

        List<AppStatus> apps = AppStatus.of(builds);

        AppStatus kfp = apps.get(0);
        assertThat(kfp.getFailedIn()).as("a sync whose prunes wait for confirmation failed").isEqualTo(5);
        assertThat(kfp.getDeployedIn()).as("a failed dry run deploys nothing and fails nothing").isEqualTo(3);
        assertThat(kfp.getRevision()).isEqualTo("c3");
        assertThat(kfp.isHealthy()).as("a timed-out wait, whatever its summary starts with").isFalse();
        AppStatus trainer = apps.get(1);
        assertThat(trainer.getFailedIn()).as("a refused app was not deployed").isEqualTo(4);
        assertThat(trainer.getRevision()).isEqualTo("t3");
    }
}
