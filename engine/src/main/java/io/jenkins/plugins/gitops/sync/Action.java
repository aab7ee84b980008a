package io.jenkins.plugins.gitops.sync;

/** What a sync did (or, in a dry run, would do) to one object. */
public enum Action {
    CREATED("created"), CONFIGURED("configured"), UNCHANGED("unchanged"), PRUNED("pruned"), SKIPPED("skipped"), FAILED("failed");

    private final String display;

    Action(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }

    @Override
    public String toString() {
        return display;
    }
}
