package io.jenkins.plugins.gitops.sync;

/**
 * What a sync did (or, in a dry run, would do) to one object. {@link #WAITING}: an object to prune
 * whose live copy asks for confirmation ({@code Prune=confirm}, {@code Delete=confirm}) in a sync
 * that was not told to confirm; it stays, as in Argo CD, where the operation waits for the click.
 */
public enum Action {
    CREATED("created"), CONFIGURED("configured"), UNCHANGED("unchanged"), PRUNED("pruned"), SKIPPED("skipped"), WAITING("waiting"), FAILED("failed");

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
