package io.jenkins.plugins.gitops.plugin.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sync progress lines and the abort summary. */
public class SyncProgressTest {

    private static ResourceKey cm(String name) {
        return new ResourceKey("", "ConfigMap", "ml", name);
    }

    @Test
    void logsEachWriteAndSaysWhatAnAbortLeftUndone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SyncProgress p = new SyncProgress("gitopsSync", new PrintStream(bytes, true, StandardCharsets.UTF_8), new Masker(List.of("s3cret")));
        assertEquals("aborted before the first write", p.abortSummary());
        p.started(List.of(cm("a"), cm("b"), cm("c")), List.of(cm("old")));
        p.step(Phase.SYNC, 0, 2);
        p.applied(new ObjectResult(cm("a"), Phase.SYNC, 0, false, Action.CREATED, "", ""));
        p.applied(new ObjectResult(cm("b"), Phase.SYNC, 0, false, Action.UNCHANGED, "", ""));
        assertEquals("gitopsSync: Sync wave 0: 2 object(s)\ngitopsSync:   created ConfigMap/ml/a\n",
                bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
        assertEquals("aborted after applying 2 of 3 objects: applied ConfigMap/ml/a, ConfigMap/ml/b; not applied: ConfigMap/ml/c; "
                + "0 of 1 prune(s) done", p.abortSummary());
    }
}
