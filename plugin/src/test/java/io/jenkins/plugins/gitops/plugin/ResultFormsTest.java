package io.jenkins.plugins.gitops.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.plugin.agent.RenderOutcome;
import io.jenkins.plugins.gitops.plugin.agent.SyncOutcome;
import io.jenkins.plugins.gitops.plugin.cluster.HealthWait;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.render.RenderSummary;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.Phase;
import io.jenkins.plugins.gitops.sync.SyncResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The steps return the engine's one form of each result, the map {@code --output json} prints,
 * with secrets masked value by value (nested maps and lists included).
 */
class ResultFormsTest {

    private static final String SECRET = "s3cr\"et\\x";

    @Test
    void renderOutcomeCarriesTheEnginesSummaryAcrossTheChannel() {
        RenderSummary s = new RenderSummary("https://git.local/r.git", "app", "0123456789abcdef0123", "sha256:ab", 2, "helm", "3.16", false,
                "gitops/web.yaml", 7);
        assertThat(RenderOutcome.of(s).toMap()).isEqualTo(s.toMap());
        assertThat(RenderOutcome.of(s).summary()).isEqualTo(s);
    }

    @Test
    void waitAndSyncReturnTheEnginesMapMasked() {
        WaitResult w = new WaitResult("web", WaitResult.Outcome.DEGRADED, "1 Degraded", List.of(new WaitResult.ObjectHealth(
                "Deployment.apps/default/web", HealthStatus.DEGRADED, "token " + SECRET, List.of("pull with " + SECRET))), 5, Map.of("get", 1L));
        Map<String, Object> waited = HealthWait.toMap(w, new Masker(List.of(SECRET)));
        assertThat(waited.keySet()).containsExactlyElementsOf(w.toMap().keySet());
        assertThat(waited.toString()).doesNotContain(SECRET).contains("token ****").contains("pull with ****");

        SyncResult r = new SyncResult("web", "abc", "sha256:cd", true, true, "", List.of(new ObjectResult(
                new ResourceKey("", "ConfigMap", "default", "c"), Phase.SYNC, 0, false, Action.CONFIGURED, "", "+  k: " + SECRET + "\n")),
                0, 1, 2, 0);
        Map<String, Object> synced = SyncOutcome.of(r, new Masker(List.of(SECRET))).toMap();
        assertThat(synced.keySet()).containsExactlyElementsOf(r.toMap(true).keySet());
        assertThat(synced.toString()).doesNotContain(SECRET);
        assertThat(synced.get("diff")).isEqualTo("+  k: ****\n");
        assertThat(SyncOutcome.of(r, Masker.none()).toMap()).isEqualTo(r.toMap(true));
    }
}
