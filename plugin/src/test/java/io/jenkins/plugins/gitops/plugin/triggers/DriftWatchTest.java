package io.jenkins.plugins.gitops.plugin.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

public class DriftWatchTest {

    @Test
    void firesOncePerRevisionAndDrift() {
        DriftWatch w = new DriftWatch();
        assertNull(w.offer("kfp", "c1", ""), "first poll, in sync: baseline");
        assertEquals(DriftWatch.Reason.DRIFT, w.offer("kfp", "c1", "sha256:d1"));
        assertNull(w.offer("kfp", "c1", "sha256:d1"), "same drift again");
        assertEquals(DriftWatch.Reason.DRIFT, w.offer("kfp", "c1", "sha256:d2"), "another drift");
        assertNull(w.offer("kfp", "c1", ""), "healed");
        assertEquals(DriftWatch.Reason.BRANCH_MOVED, w.offer("kfp", "c2", ""), "new commit without drift");
        assertNull(w.offer("kfp", "c2", ""));
        assertEquals(DriftWatch.Reason.DRIFT, w.offer("kfp", "c3", "sha256:d3"));
        assertNull(w.offer("kfp", "c3", "sha256:d3"));
    }

    @Test
    void aNewWatchStartsAgain() {
        DriftWatch w = new DriftWatch();
        assertEquals(DriftWatch.Reason.DRIFT, w.offer("kfp", "c1", "sha256:d1"));
        assertEquals(DriftWatch.Reason.DRIFT, w.offer("kfp other-path", "c1", "sha256:d1"));
        assertNull(w.offer("kfp other-path", "c1", "sha256:d1"));
    }
}
