package io.jenkins.plugins.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.app.AppRender;
import io.jenkins.plugins.gitops.app.AppTreeResult;
import io.jenkins.plugins.gitops.app.AppTreeSync;
import io.jenkins.plugins.gitops.app.ApplicationParser;
import io.jenkins.plugins.gitops.health.HealthStatus;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderSummary;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.Action;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.Phase;
import io.jenkins.plugins.gitops.sync.SyncResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each result owns one external form: {@code toMap()} (what the steps return, masked) and
 * {@code toJson()} (what {@code --output json} prints) have the same fields in the same order,
 * spelled as the shared conventions say ({@code durationMs}, {@code objectCount}, {@code objects},
 * {@code revision}, {@code shortRevision}), and hold only plain values.
 */
class ResultFormsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    static final List<String> RENDER_KEYS = List.of("repo", "path", "revision", "shortRevision", "digest", "objectCount", "renderer",
            "toolVersion", "cacheHit", "manifests", "durationMs");
    static final List<String> SYNC_KEYS = List.of("app", "revision", "shortRevision", "digest", "dryRun", "status", "inSync", "message",
            "created", "configured", "unchanged", "pruned", "skipped", "waiting", "failed", "writes", "apiCalls", "durationMs", "historyId",
            "objects", "diff");
    static final List<String> WAIT_KEYS = List.of("app", "healthy", "outcome", "summary", "durationMs", "apiRequests", "objects");

    @Test
    void renderSummary() throws Exception {
        RenderSummary s = new RenderSummary("https://git.local/r.git", "apps/web", SHA, "sha256:ab", 3, "kustomize", "v5.4.2", true,
                "gitops/web.yaml", 42);

        assertThat(s.toMap().keySet()).containsExactlyElementsOf(RENDER_KEYS);
        assertThat(s.toMap()).containsEntry("objectCount", 3).containsEntry("durationMs", 42L).containsEntry("revision", SHA)
                .containsEntry("shortRevision", "0123456789ab");
        assertSameForm(s.toMap(), s.toJson());
    }

    @Test
    void syncResultHasTheSameKeysWithAndWithoutDiffs() throws Exception {
        SyncResult r = new SyncResult("web", SHA, "sha256:cd", true, true, "", List.of(
                new ObjectResult(new ResourceKey("", "ConfigMap", "default", "a"), Phase.SYNC, 0, false, Action.CONFIGURED, "", "--- a\n+++ a\n"),
                new ObjectResult(new ResourceKey("batch", "Job", "default", "migrate"), Phase.PRE_SYNC, -1, true, Action.CREATED, "hook", "")),
                0, 7, 15, 0);

        Map<String, Object> withDiffs = r.toMap(true);
        Map<String, Object> without = r.toMap(false);

        assertThat(withDiffs.keySet()).containsExactlyElementsOf(SYNC_KEYS);
        assertThat(without.keySet()).containsExactlyElementsOf(SYNC_KEYS);
        assertThat(withDiffs).containsEntry("diff", "--- a\n+++ a\n").containsEntry("inSync", false).containsEntry("historyId", 0)
                .containsEntry("shortRevision", "0123456789ab").containsEntry("configured", 1L).containsEntry("durationMs", 15L);
        assertThat(without).containsEntry("diff", "");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) withDiffs.get("objects");
        assertThat(objects.get(0)).containsEntry("diff", "--- a\n+++ a\n").doesNotContainKey("hook");
        assertThat(objects.get(1)).containsEntry("hook", true).containsEntry("reason", "hook").containsEntry("phase", "PreSync");
        assertSameForm(withDiffs, r.toJson(true));
        assertSameForm(without, r.toJson(false));
    }

    @Test
    void waitResultOwnsItsVerdictReportAndForm() throws Exception {
        WaitResult degraded = new WaitResult("web", WaitResult.Outcome.DEGRADED, "1 of 2 objects Degraded", List.of(
                new WaitResult.ObjectHealth("Deployment.apps/default/web", HealthStatus.DEGRADED, "0/1 ready",
                        List.of("Pod default/web-1: ImagePullBackOff", "log:\nline 1\nline 2")),
                new WaitResult.ObjectHealth("Rollout.argoproj.io/default/scorer", HealthStatus.HEALTHY, "", List.of())),
                1234, Map.of("watch", 2L, "list", 1L));

        assertThat(degraded.verdict()).isEqualTo("degraded");
        assertThat(degraded.exitCode()).isEqualTo(1);
        assertThat(degraded.report()).containsExactly(
                "app web degraded after 1234 ms: 1 of 2 objects Degraded",
                "  Deployment.apps/default/web: Degraded: 0/1 ready",
                "    - Pod default/web-1: ImagePullBackOff",
                "    - log:\n      line 1\n      line 2");
        assertThat(degraded.rollouts()).extracting(WaitResult.ObjectHealth::key).containsExactly("Rollout.argoproj.io/default/scorer");
        assertThat(new WaitResult("web", WaitResult.Outcome.TIMED_OUT, "s", List.of(), 1, Map.of()).verdict()).isEqualTo("timed out");
        WaitResult healthy = new WaitResult("web", WaitResult.Outcome.HEALTHY, "all healthy", List.of(), 5, Map.of());
        assertThat(healthy.exitCode()).isZero();
        assertThat(healthy.report()).containsExactly("app web healthy after 5 ms: all healthy");

        Map<String, Object> m = degraded.toMap();
        assertThat(m.keySet()).containsExactlyElementsOf(WAIT_KEYS);
        assertThat(m).containsEntry("durationMs", 1234L).containsEntry("outcome", "DEGRADED").containsEntry("healthy", false);
        assertThat(List.copyOf(((Map<?, ?>) m.get("apiRequests")).keySet())).as("sorted by verb").isEqualTo(List.of("list", "watch"));
        assertThat((List<?>) m.get("objects")).first().isEqualTo(Map.of("object", "Deployment.apps/default/web", "health", "Degraded",
                "message", "0/1 ready", "causes", List.of("Pod default/web-1: ImagePullBackOff", "log:\nline 1\nline 2")));
        assertSameForm(m, degraded.toJson());
    }

    @Test
    void appTreeResultSaysEachAppWithItsSync() throws Exception {
        var root = ApplicationParser.roots("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: root, namespace: argocd}
                spec:
                  source: {repoURL: https://git.local/r.git, path: apps}
                  destination: {server: https://kubernetes.default.svc, namespace: argocd}
                """, "root.yaml").get(0);
        var web = ApplicationParser.roots("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web, namespace: argocd}
                spec:
                  source: {repoURL: https://git.local/r.git, path: web}
                  destination: {server: https://kubernetes.default.svc, namespace: shop}
                """, "web.yaml").get(0);
        RenderedSet children = RenderedSet.of(ManifestParser.parse("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web, namespace: argocd}
                spec: {destination: {namespace: shop}}
                """, "apps/web.yaml"), SHA, "directory", "");
        RenderedSet cm = RenderedSet.of(ManifestParser.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n", "web/cm.yaml"),
                SHA, "directory", "");
        List<AppRender> tree = List.of(new AppRender(root, "", 0, List.of(children)), new AppRender(web, "root", 1, List.of(cm)));
        SyncResult synced = new SyncResult("web", SHA, "sha256:ef", false, true, "", List.of(
                new ObjectResult(new ResourceKey("", "ConfigMap", "shop", "web"), Phase.SYNC, 0, false, Action.CREATED, "", "")), 1, 3, 9, 1);

        AppTreeResult rendered = AppTreeResult.rendered(tree);
        AppTreeResult result = new AppTreeResult(tree, List.of(
                new AppTreeSync.AppSync("root", "", 0, "argocd", Optional.empty(), ""),
                new AppTreeSync.AppSync("web", "root", 1, "shop", Optional.of(synced), "")));

        assertThat(rendered.app(0, false)).containsEntry("status", "Rendered").containsEntry("objectCount", 1).containsEntry("applications", 1)
                .doesNotContainKeys("inSync", "sync");
        assertThat(result.app(0, false).keySet()).containsExactly("app", "parent", "depth", "namespace", "status", "error", "objectCount",
                "applications", "warnings", "cacheHit");
        assertThat(result.app(0, false)).containsEntry("status", "Skipped");
        Map<String, Object> child = result.app(1, true);
        assertThat(child.keySet()).containsExactly("app", "parent", "depth", "namespace", "status", "error", "objectCount", "applications",
                "warnings", "cacheHit", "inSync", "sync");
        assertThat(child).containsEntry("status", "Succeeded").containsEntry("parent", "root").containsEntry("namespace", "shop")
                .containsEntry("inSync", false);
        assertThat(List.copyOf(((Map<?, ?>) child.get("sync")).keySet())).isEqualTo(SYNC_KEYS);
        assertThat(result.toMap(true).keySet()).containsExactly("apps", "succeeded");
        assertThat(result.succeeded()).isTrue();
        assertSameForm(result.toMap(false), result.toJson(false));
    }

    @Test
    void shortShaIsTheOneAbbreviation() {
        assertThat(Defaults.shortSha(SHA)).isEqualTo("0123456789ab").hasSize(Defaults.SHORT_SHA_LENGTH);
        assertThat(Defaults.shortSha(SHA + "+" + SHA)).as("each source of a multi-source app").isEqualTo("0123456789ab+0123456789ab");
        assertThat(Defaults.shortSha("1.2.3")).isEqualTo("1.2.3");
        assertThat(Defaults.shortSha("")).isEmpty();
        assertThat(Defaults.shortSha(null)).isEmpty();
    }

    /** The JSON is the map written out: same keys in the same order, same values, nothing but plain values in the map. */
    private static void assertSameForm(Map<String, Object> map, String json) throws Exception {
        JsonNode written = JSON.readTree(json);
        assertThat(fieldNames(written)).containsExactlyElementsOf(map.keySet());
        assertThat(written).isEqualTo(JSON.readTree(JSON.writeValueAsString(map)));
        assertPlain(map);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertPlain(Object v) {
        if (v instanceof Map<?, ?> m) {
            assertThat(m).isInstanceOf(java.util.LinkedHashMap.class);
            m.values().forEach(ResultFormsTest::assertPlain);
        } else if (v instanceof List<?> l) {
            assertThat(l).as("a list a step can return and a Jenkins agent can send: java.util.ArrayList").isInstanceOf(ArrayList.class);
            l.forEach(ResultFormsTest::assertPlain);
        } else {
            assertThat(v).isInstanceOfAny(String.class, Long.class, Integer.class, Boolean.class);
        }
    }
}
