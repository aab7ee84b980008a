package io.jenkins.plugins.gitops.plugin.ui;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.plugin.agent.SyncMode;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each app of a job stands, from the GitOps records of its recent builds, newest first: the
 * revision its last successful sync (or rollback) deployed and in which build, whether a newer sync
 * failed, and what the last health wait said: from each record's status and dry-run flag, never its
 * summary text. Pure logic, no Jenkins types.
 */
public final class AppStatus {

    /** One build's records, as the job view reads them. */
    public record Build(int number, String url, long timeMillis, List<GitopsRecord> records) {
    }

    private final String app;
    private String revision = "";
    private int deployedIn;
    private String deployedUrl = "";
    private long deployedAt;
    private String syncSummary = "";
    private int failedIn;
    private String health = "";
    private boolean healthy;
    private int healthIn;

    private AppStatus(String app) {
        this.app = app;
    }

    /** One status per app, in the order the apps were last seen. */
    public static List<AppStatus> of(List<Build> newestFirst) {
        Map<String, AppStatus> apps = new LinkedHashMap<>();
        for (Build b : newestFirst) {
            List<GitopsRecord> records = new ArrayList<>(b.records());
            java.util.Collections.reverse(records); // the last step of a build is the newest word on it
            for (GitopsRecord r : records) {
                if (r.getApp().isEmpty()) {
                    continue;
                }
                AppStatus s = apps.computeIfAbsent(r.getApp(), AppStatus::new);
                String step = r.getStep();
                if ((step.equals(SyncMode.SYNC.record()) || step.equals(SyncMode.ROLLBACK.record())) && !r.isDryRun()) {
                    if (!r.getStatus().deployed()) {
                        if (s.deployedIn == 0 && s.failedIn == 0) {
                            s.failedIn = b.number();
                        }
                    } else if (s.deployedIn == 0) {
                        s.revision = r.getRevision();
                        s.deployedIn = b.number();
                        s.deployedUrl = b.url();
                        s.deployedAt = b.timeMillis();
                        s.syncSummary = (step.equals(SyncMode.ROLLBACK.record()) ? "rollback: " : "") + r.getSummary();
                    }
                } else if (step.equals("wait") && s.healthIn == 0) {
                    s.health = r.getSummary();
                    s.healthy = r.getStatus().healthy();
                    s.healthIn = b.number();
                }
            }
        }
        return List.copyOf(apps.values());
    }

    public String getApp() {
        return app;
    }

    /** The deployed revision, shortened for tables; "" when no sync of the recent builds succeeded. */
    public String getRevision() {
        return Defaults.shortSha(revision);
    }

    public int getDeployedIn() {
        return deployedIn;
    }

    public String getDeployedUrl() {
        return deployedUrl;
    }

    public long getDeployedAt() {
        return deployedAt;
    }

    /** When the deploying build started, for the job page's jelly:fmt formatDate (which formats a Date, never a long). */
    public Date getDeployedDate() {
        return new Date(deployedAt);
    }

    public String getSyncSummary() {
        return syncSummary;
    }

    /** The build whose sync failed after the last successful one; 0 when none did. */
    public int getFailedIn() {
        return failedIn;
    }

    /** "healthy: ..." or "NOT healthy: ..." from the last wait; "" when there was none. */
    public String getHealth() {
        return health;
    }

    public boolean isHealthy() {
        return healthy;
    }

    public int getHealthIn() {
        return healthIn;
    }
}
