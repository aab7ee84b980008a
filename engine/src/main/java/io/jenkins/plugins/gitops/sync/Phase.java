package io.jenkins.plugins.gitops.sync;

import java.util.Locale;
import java.util.Optional;

/** Argo CD's sync phases, in execution order. SyncFail runs only when an earlier phase failed. */
public enum Phase {
    PRE_SYNC("PreSync"), SYNC("Sync"), POST_SYNC("PostSync"), SYNC_FAIL("SyncFail");

    private final String display;

    Phase(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }

    /**
     * The phase an {@code argocd.argoproj.io/hook} value names ({@code PreSync}, {@code Sync},
     * {@code PostSync}, {@code SyncFail}; in any case, where Argo CD wants its own spelling);
     * empty for Skip, PreDelete, PostDelete (not run by a sync) or an unknown value.
     */
    static Optional<Phase> ofHook(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "presync" -> Optional.of(PRE_SYNC);
            case "sync" -> Optional.of(SYNC);
            case "postsync" -> Optional.of(POST_SYNC);
            case "syncfail" -> Optional.of(SYNC_FAIL);
            default -> Optional.empty();
        };
    }

    /**
     * The phase a {@code helm.sh/hook} value maps to in Argo CD (gitops-engine {@code hook/helm}):
     * pre-install and pre-upgrade run PreSync, post-install and post-upgrade PostSync; every
     * other Helm hook (test, pre/post-rollback, pre/post-delete) has no sync phase: empty.
     */
    static Optional<Phase> ofHelmHook(String value) {
        return switch (value.strip()) {
            case "pre-install", "pre-upgrade" -> Optional.of(PRE_SYNC);
            case "post-install", "post-upgrade" -> Optional.of(POST_SYNC);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return display;
    }
}
