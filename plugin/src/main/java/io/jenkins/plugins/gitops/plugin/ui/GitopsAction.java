package io.jenkins.plugins.gitops.plugin.ui;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * The GitOps summary of a build: one {@link GitopsRecord} per step call, shown on the build page
 * ({@code summary.jelly}) and on its own page ({@code index.jelly}, at {@code <build>/gitops}).
 */
public final class GitopsAction implements RunAction2 {

    private final List<GitopsRecord> records = new ArrayList<>();
    private transient Run<?, ?> run;

    /** Adds a record to the build's action, creating the action on first use. */
    public static void record(Run<?, ?> run, GitopsRecord record) {
        synchronized (run) {
            GitopsAction action = run.getAction(GitopsAction.class);
            if (action == null) {
                action = new GitopsAction();
                run.addAction(action);
            }
            action.add(record);
        }
    }

    synchronized void add(GitopsRecord record) {
        records.add(record);
    }

    public synchronized List<GitopsRecord> getRecords() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    public @CheckForNull Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "GitOps";
    }

    @Override
    public String getUrlName() {
        return "gitops";
    }
}
