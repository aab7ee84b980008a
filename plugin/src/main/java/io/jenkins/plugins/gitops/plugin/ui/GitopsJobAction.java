package io.jenkins.plugins.gitops.plugin.ui;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * The job page's GitOps table ({@code jobMain.jelly}): per app, the revision deployed last and its
 * health, from the records of the job's recent builds ({@link AppStatus}). Computed when the page is
 * shown; only the last {@value #BUILDS} builds are read.
 */
public final class GitopsJobAction implements Action {

    static final int BUILDS = 25;

    private final Job<?, ?> job;

    GitopsJobAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    public List<AppStatus> getApps() {
        List<AppStatus.Build> builds = new ArrayList<>();
        for (Run<?, ?> r : job.getBuilds().limit(BUILDS)) {
            GitopsAction a = r.getAction(GitopsAction.class);
            if (a != null) {
                builds.add(new AppStatus.Build(r.getNumber(), r.getUrl(), r.getTimeInMillis(), a.getRecords()));
            }
        }
        return AppStatus.of(builds);
    }

    @Override
    public String getIconFileName() {
        return null; // a table on the job page, not a link in the side panel
    }

    @Override
    public String getDisplayName() {
        return "GitOps apps";
    }

    @Override
    public String getUrlName() {
        return null;
    }

    /** Adds the action to jobs whose last build used a GitOps step. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {

        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            Run<?, ?> last = target.getLastBuild();
            return last != null && last.getAction(GitopsAction.class) != null ? List.of(new GitopsJobAction(target)) : List.of();
        }
    }
}
