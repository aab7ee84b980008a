package io.jenkins.plugins.gitops.plugin.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

public class TagWatchTest {

    @Test
    void firstPollIsABaselineAndNoTagFiresTwice() {
        TagWatch w = new TagWatch();
        assertFalse(w.offer("img semver ^2", "2.1.0"), "baseline");
        assertFalse(w.offer("img semver ^2", "2.1.0"));
        assertTrue(w.offer("img semver ^2", "2.2.0"));
        assertFalse(w.offer("img semver ^2", "2.2.0"));
        // A tag moved back to (a deleted newer tag) and forward again does not fire twice.
        assertFalse(w.offer("img semver ^2", "2.1.0"));
        assertFalse(w.offer("img semver ^2", "2.2.0"));
    }

    @Test
    void aNewWatchStartsAgain() {
        TagWatch w = new TagWatch();
        w.offer("img semver ^2", "2.1.0");
        assertFalse(w.offer("img semver ^3", "3.0.0"), "new baseline");
        assertEquals(1, w.getSeen().size());
    }

    @Test
    void historyIsBounded() {
        TagWatch w = new TagWatch();
        w.offer("w", "0");
        for (int i = 1; i <= TagWatch.MAX_REMEMBERED + 10; i++) {
            assertTrue(w.offer("w", Integer.toString(i)));
        }
        assertEquals(TagWatch.MAX_REMEMBERED, w.getSeen().size());
    }
}
