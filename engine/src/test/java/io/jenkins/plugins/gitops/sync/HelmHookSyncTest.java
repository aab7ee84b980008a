package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Helm hook annotations become Argo CD hooks as gitops-engine's {@code hook/helm} maps them, and
 * the corpus' {@code helm-hooks} and {@code sync-waves} examples run in the order its README gives
 * (read from the emulator's ADDED events).
 */
class HelmHookSyncTest {

    private final Failures failures = new Failures();
    private final EventRecorder events = new EventRecorder("hooks");
    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        List<io.jenkins.plugins.gitops.testkit.kube.Controller> controllers = new ArrayList<>(Simulators.all(failures));
        controllers.add(events);
        kube = KubeEmulator.builder().controllers(controllers).start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(500)));
        engine = new SyncEngine(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    private SyncOptions opts() {
        return SyncOptions.builder("hooks").initiator("test").namespace("default").timeout(Duration.ofSeconds(30)).build();
    }

    private static KubeObject annotated(String annotations) {
        return KubeObject.of(ManifestParser.parse("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: j
                  annotations: {%s}
                """.formatted(annotations), "t.yaml").get(0).object().json());
    }

    @Test
    void helmHookAnnotationsMapAsArgoCdMapsThem() {
        assertThat(Annotations.hookPhases(annotated("helm.sh/hook: pre-install"))).containsExactly(Phase.PRE_SYNC);
        assertThat(Annotations.hookPhases(annotated("helm.sh/hook: pre-upgrade"))).containsExactly(Phase.PRE_SYNC);
        assertThat(Annotations.hookPhases(annotated("helm.sh/hook: \"post-install,post-upgrade\""))).containsExactly(Phase.POST_SYNC);
        assertThat(Annotations.hookPhases(annotated("helm.sh/hook: \"pre-install, post-install\"")))
                .containsExactly(Phase.PRE_SYNC, Phase.POST_SYNC);
        for (String never : List.of("test", "test-success", "pre-rollback", "post-rollback", "pre-delete", "post-delete")) {
            KubeObject o = annotated("helm.sh/hook: " + never);
            assertThat(Annotations.isHook(o)).as(never).isTrue();
            assertThat(Annotations.hookPhases(o)).as(never).isEmpty();
        }
        assertThat(Annotations.isHook(annotated("helm.sh/hook: crd-install"))).as("Helm 2's CRD marker is no hook").isFalse();
        // Argo CD's annotation wins over Helm's
        assertThat(Annotations.hookPhases(annotated("helm.sh/hook: pre-install, argocd.argoproj.io/hook: PostSync")))
                .containsExactly(Phase.POST_SYNC);
        assertThat(Annotations.isHook(annotated("helm.sh/hook: pre-install, argocd.argoproj.io/hook: Skip"))).isFalse();
        assertThat(Annotations.skipped(annotated("helm.sh/hook: pre-install, argocd.argoproj.io/hook: Skip"))).isTrue();
        // the weight is the wave; delete policies of both annotations count
        assertThat(Annotations.wave(annotated("helm.sh/hook: pre-install, helm.sh/hook-weight: \"-2\""))).isEqualTo(-2);
        assertThat(Annotations.deletePolicies(annotated("helm.sh/hook-delete-policy: \"hook-succeeded,hook-failed\"")))
                .containsExactly("hooksucceeded", "hookfailed");
        assertThat(Annotations.deletePolicies(annotated("helm.sh/hook-delete-policy: before-hook-creation")))
                .containsExactly("beforehookcreation");
        assertThat(Annotations.deletePolicies(annotated("argocd.argoproj.io/hook-delete-policy: HookFailed, "
                + "helm.sh/hook-delete-policy: hook-succeeded"))).containsExactlyInAnyOrder("hookfailed", "hooksucceeded");
        assertThat(Annotations.deletePolicies(annotated("helm.sh/hook: pre-install"))).containsExactly("beforehookcreation");
    }

    @Test
    void aHelmTestHookIsNeverAppliedAndAListedHookRunsInEachPhase() {
        String app = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: smoke-test
                  annotations: {helm.sh/hook: test}
                spec: {restartPolicy: Never, containers: [{name: t, image: "busybox:1.36"}]}
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: migrate
                  annotations: {helm.sh/hook: "pre-install,post-install", helm.sh/hook-delete-policy: hook-succeeded}
                spec:
                  template:
                    spec: {restartPolicy: Never, containers: [{name: m, image: "busybox:1.36"}]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {k: v}
                """;

        SyncResult r = engine.sync(Manifests.of("r1", app), opts());

        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(events.created()).as("the test Pod is never created")
                .containsExactly("Job/migrate", "ConfigMap/settings", "Job/migrate");
        assertThat(events.deleted()).as("hook-succeeded: deleted after each run").containsExactly("Job/migrate", "Job/migrate");
        ObjectResult test = r.objects().stream().filter(o -> o.key().name().equals("smoke-test")).findFirst().orElseThrow();
        assertThat(test.action()).isEqualTo(Action.SKIPPED);
        assertThat(test.reason()).contains("helm.sh/hook: test").contains("not run by a sync");
        assertThat(r.objects().stream().filter(o -> o.key().name().equals("migrate")).map(ObjectResult::phase))
                .containsExactly(Phase.PRE_SYNC, Phase.POST_SYNC);
        assertThat(r.table()).contains("smoke-test");

        // hooks are not part of the app: nothing to prune, nothing to wait for, and a second sync runs them again
        SyncResult again = engine.sync(Manifests.of("r1", app), SyncOptions.builder("hooks").initiator("test").namespace("default")
                .prune(true).timeout(Duration.ofSeconds(30)).build());
        assertThat(again.count(Action.PRUNED)).isZero();
        assertThat(SyncedObjects.of(Manifests.of("r1", app), cluster.resolver(), "default")).extracting(KubeObject::name)
                .containsExactly("settings");
    }

    /** {@code ../shared/workloads/argocd-example-apps/upstream/<example>} beside the checkout, or the test is skipped. */
    static Path example(String name) {
        Path root = Path.of("").toAbsolutePath();
        if (Files.exists(root.resolve("engine")) && !Files.exists(root.resolve("src"))) {
            root = root.resolve("engine");
        }
        Path dir = root.getParent().resolveSibling("shared").resolve("workloads/argocd-example-apps/upstream").resolve(name).normalize();
        assumeTrue(Files.isDirectory(dir), "skipped: the argocd-example-apps corpus is not at " + dir);
        return dir;
    }

    private static RenderedSet folder(String name) throws IOException {
        Path file = example(name).resolve("manifests.yaml");
        return RenderedSet.of(ManifestParser.parse(Files.readString(file), file.toString()), "corpus", "directory", "");
    }

    /** generateName hooks get a suffix: the corpus' names are what is compared. */
    private List<String> createdInCorpusNames() {
        return events.created().stream().map(id -> id.startsWith("Job/upgrade-sql-schema") ? "Job/upgrade-sql-schema" : id).toList();
    }

    @Test
    void helmHooksExampleRunsInTheOrderOfTheCorpusTable() throws IOException {
        SyncResult r = engine.sync(folder("helm-hooks"), opts());

        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(createdInCorpusNames()).containsExactly("Job/upgrade-sql-schema", "Job/maint-page-up", "ReplicaSet/frontend",
                "Service/frontend", "Job/maint-page-down");
        assertThat(r.objects()).extracting(o -> o.phase() + " " + o.wave() + " " + o.key().kind())
                .containsExactly("PreSync -2 Job", "PreSync -1 Job", "Sync 0 ReplicaSet", "Sync 2 Service", "PostSync 0 Job");
    }

    @Test
    void syncWavesExampleRunsInTheOrderOfTheCorpusTable() throws IOException {
        SyncResult r = engine.sync(folder("sync-waves"), opts());

        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(createdInCorpusNames()).containsExactly("Job/upgrade-sql-schema", "Service/backend", "ReplicaSet/backend",
                "Job/maint-page-up", "Service/frontend", "ReplicaSet/frontend", "Job/maint-page-down");
    }

    @Test
    void theSameObjectsAsAChartsTemplatesRunInTheSameOrder(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // the corpus' "same objects as templates of a real chart": the render keeps the hooks, the sync runs them
        String manifests = Files.readString(example("helm-hooks").resolve("manifests.yaml"));
        Path chart = Files.createDirectories(tmp.resolve("repo/hooks/templates")).getParent();
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: hooks\nversion: 0.1.0\n");
        int i = 0;
        for (String doc : manifests.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                Files.writeString(chart.resolve("templates/object-" + (i++) + ".yaml"), doc.strip() + "\n");
            }
        }
        var objects = new io.jenkins.plugins.gitops.render.HelmRenderer(io.jenkins.plugins.gitops.render.HelmOptions.release("hooks"))
                .render(chart.getParent(), chart);

        SyncResult r = engine.sync(RenderedSet.of(objects, "chart", "helm", ""), opts());

        assertThat(r.succeeded()).as(r.table()).isTrue();
        assertThat(createdInCorpusNames()).containsExactly("Job/upgrade-sql-schema", "Job/maint-page-up", "ReplicaSet/frontend",
                "Service/frontend", "Job/maint-page-down");
    }
}
