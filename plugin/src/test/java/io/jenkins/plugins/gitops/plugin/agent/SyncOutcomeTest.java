package io.jenkins.plugins.gitops.plugin.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.Phase;
import io.jenkins.plugins.gitops.sync.SyncResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed, masked copy of the engine's result that agents return, and the map Pipeline gets from it. */
class SyncOutcomeTest {

    private static final String SECRET = "hunter2-token-0042";

    private static SyncResult result(String secret, Action last) {
        return new SyncResult("kfp", "0123456789abcdef0123456789abcdef01234567", "sha256:d", false, false, "token " + secret + " refused",
                List.of(new ObjectResult(new ResourceKey("apps", "Deployment", "ml", "web"), Phase.SYNC, 1, false, Action.CONFIGURED, "",
                                "-  image: a\n+  image: b # " + secret + "\n"),
                        new ObjectResult(new ResourceKey("", "ConfigMap", "ml", "cfg"), Phase.SYNC, 0, false, Action.UNCHANGED, "", ""),
                        new ObjectResult(new ResourceKey("batch", "Job", "ml", "migrate"), Phase.PRE_SYNC, -1, true, last,
                                "denied by " + secret, "")),
                4, 9, 1234, 3);
    }

    @Test
    void everyTextIsMaskedAndTheCopyCrossesTheChannel() throws Exception {
        SyncOutcome o = SyncOutcome.of(result(SECRET, Action.FAILED), new Masker(List.of(SECRET)));
        assertThat(o.toString()).doesNotContain(SECRET);
        assertThat(o.toMap().toString()).doesNotContain(SECRET).contains("****");
        assertThat(o.table()).doesNotContain(SECRET).contains("Failed");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(o);
        }
    }

    /** The step's return value is the engine's form with its diffs, plus inSync, historyId and the whole diff, in that order. */
    @Test
    void theMapIsTheEnginesFormPlusThePipelineExtras() {
        SyncResult r = result("nothing-secret", Action.FAILED);
        Map<String, Object> expected = new LinkedHashMap<>(r.toMap(true));
        expected.put("inSync", false);
        expected.put("historyId", 3);
        expected.put("diff", "-  image: a\n+  image: b # nothing-secret\n");
        assertThat(SyncOutcome.of(r, Masker.none()).toMap()).containsExactlyEntriesOf(expected);
    }

    @Test
    void countsStatusAndRecordAreTyped() {
        SyncOutcome failed = SyncOutcome.of(result("x", Action.FAILED), Masker.none());
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.status()).isEqualTo("Failed");
        assertThat(failed.recordStatus()).isEqualTo(GitopsRecord.Status.FAILED);
        assertThat(failed.count(Action.CONFIGURED)).isEqualTo(1);
        assertThat(failed.counts()).isEqualTo("0 created, 1 configured, 1 unchanged, 0 pruned, 0 skipped, 1 failed");
        assertThat(failed.objects().get(0).object()).isEqualTo("Deployment.apps/ml/web");
        assertThat(failed.objects().get(1).object()).isEqualTo("ConfigMap/ml/cfg");
        assertThat(failed.failureText()).contains("Job/ml/migrate: denied by x");
        assertThat(failed.recordItems()).extracting(GitopsRecord.Item::getObject, GitopsRecord.Item::getOutcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Deployment.apps/ml/web", "configured"),
                        org.assertj.core.groups.Tuple.tuple("Job.batch/ml/migrate", "failed"));
        assertThat(failed.recordItems().get(0).getDiff()).contains("+  image: b");

        SyncOutcome waiting = SyncOutcome.of(result("x", Action.WAITING), Masker.none());
        assertThat(waiting.status()).isEqualTo("Waiting");
        assertThat(waiting.recordStatus()).isEqualTo(GitopsRecord.Status.WAITING);
        assertThat(waiting.counts()).contains("1 waiting for confirmation");
    }
}
