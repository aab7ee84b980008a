package io.jenkins.plugins.gitops.plugin.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.sync.SyncOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed request: one factory per {@link SyncMode}, each with that mode's fixed choices. */
class SyncRequestTest {

    @Test
    void aSyncStartsAtTheEnginesDefaults() {
        SyncRequest s = SyncRequest.sync("kfp").build();
        assertThat(s.mode()).isEqualTo(SyncMode.SYNC);
        assertThat(s.step()).isEqualTo("gitopsSync");
        assertThat(s.dryRun()).isFalse();
        assertThat(s.prune()).isFalse();
        assertThat(s.applyOutOfSyncOnly()).isTrue();
        assertThat(s.forceConflicts()).isTrue();
        assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.historyId()).isZero();
        SyncOptions engine = SyncOptions.builder("kfp").build();
        SyncOptions o = s.options("default");
        assertThat(o.applyOutOfSyncOnly()).isEqualTo(engine.applyOutOfSyncOnly());
        assertThat(o.forceConflicts()).isEqualTo(engine.forceConflicts());
        assertThat(o.timeout()).isEqualTo(engine.timeout());
    }

    @Test
    void eachModeFixesItsOwnChoices() {
        SyncRequest diff = SyncRequest.diff("kfp").prune(true).build();
        assertThat(diff.mode()).isEqualTo(SyncMode.DIFF);
        assertThat(diff.dryRun()).as("a diff writes nothing").isTrue();
        assertThat(diff.prune()).isTrue();
        assertThat(diff.step()).isEqualTo("gitopsDiff");

        SyncRequest rollback = SyncRequest.rollback("kfp", 3).namespace("ml").build();
        assertThat(rollback.mode()).isEqualTo(SyncMode.ROLLBACK);
        assertThat(rollback.prune()).as("a rollback prunes what the entry did not have").isTrue();
        assertThat(rollback.historyId()).isEqualTo(3);
        assertThat(rollback.dryRun()).isFalse();
        assertThat(SyncRequest.rollback("kfp", -1).build().historyId()).as("the entry before the last").isZero();

        SyncRequest drift = SyncRequest.drift("kfp", "0123abc").initiator("drift trigger").build();
        assertThat(drift.mode()).isEqualTo(SyncMode.DRIFT);
        assertThat(drift.dryRun()).isTrue();
        assertThat(drift.revision()).isEqualTo("0123abc");
        assertThat(drift.step()).isEqualTo("gitopsDriftTrigger");
    }

    @Test
    void readOnlyModesRefuseARequestThatWouldWrite() {
        assertThatThrownBy(() -> SyncRequest.diff("kfp").dryRun(false).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gitopsDiff writes nothing");
        assertThatThrownBy(() -> SyncRequest.drift("kfp", "abc").dryRun(false).build()).hasMessageContaining("gitopsDriftTrigger");
        assertThat(SyncRequest.sync("kfp").dryRun(true).build().dryRun()).as("a sync may be a dry run").isTrue();
    }

    /** The words a build's GitOps summary has always stored for these modes. */
    @Test
    void theRecordedStepWordsAreUnchanged() {
        assertThat(Arrays.stream(SyncMode.values()).map(SyncMode::record)).containsExactly("sync", "diff", "rollback", "drift");
    }

    @Test
    void everyChoiceReachesTheEnginesOptionsAndSurvivesTheChannel() throws Exception {
        SyncRequest s = SyncRequest.sync("kfp").manifests("gitops/m.yaml").revision("abc").namespace("").prune(true).pruneLast(true)
                .force(true).applyOutOfSyncOnly(false).createNamespace(true).resources(List.of("Deployment/ml/web")).inventoryNamespace("ops")
                .timeout(Duration.ofSeconds(90)).initiator("https://ci/job/7/").forceConflicts(false).allowEmpty(true).confirmPrune(true)
                .build().withSourceRepo("https://git.example/ml.git");
        SyncOptions o = s.options("ml");
        assertThat(o.namespace()).as("the kubeconfig context's namespace when none is given").isEqualTo("ml");
        assertThat(o.prune() && o.pruneLast() && o.force() && o.createNamespace() && o.allowEmpty() && o.confirmPrune()).isTrue();
        assertThat(o.applyOutOfSyncOnly() || o.forceConflicts() || o.dryRun()).isFalse();
        assertThat(o.only()).isEqualTo(Set.of("Deployment/ml/web"));
        assertThat(o.inventoryNamespace()).isEqualTo("ops");
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.initiator()).isEqualTo("https://ci/job/7/");
        assertThat(o.holder()).isEqualTo("https://ci/job/7/");
        assertThat(o.sourceRepos()).containsExactly("https://git.example/ml.git");
        assertThat(s.toBuilder().build()).isEqualTo(s);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(s);
        }
    }
}
