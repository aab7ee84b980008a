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

    /** The phase named by a hook annotation value ({@code PreSync}, Helm's {@code pre-install}...), empty for Skip or unknown. */
    static Optional<Phase> ofHook(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "presync", "pre-install", "pre-upgrade" -> Optional.of(PRE_SYNC);
            case "sync" -> Optional.of(SYNC);
            case "postsync", "post-install", "post-upgrade" -> Optional.of(POST_SYNC);
            case "syncfail" -> Optional.of(SYNC_FAIL);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return display;
    }
}
