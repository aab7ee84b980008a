package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.policy.AppProject;
import io.jenkins.plugins.gitops.policy.AppProjectParser;
import io.jenkins.plugins.gitops.policy.Policy;
import io.jenkins.plugins.gitops.policy.PolicyException;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A project's rules enforced by the engine: every refusal names the object and the rule, and a
 * refused sync, dry run, diff, prune or rollback writes nothing (no request that writes, dry runs
 * included, and the emulator's resource version unchanged).
 */
class PolicySyncTest {

    static final String PROJECT = """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: ml, namespace: argocd}
            spec:
              sourceRepos: ['https://git.example.com/ml/*']
              destinations:
              - {server: '*', namespace: 'ml-*'}
              - {server: '*', namespace: '!ml-prod'}
              clusterResourceWhitelist:
              - {group: '', kind: Namespace}
              namespaceResourceBlacklist:
              - {group: '', kind: ResourceQuota}
            """;

    static final String GOOD = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: ml-train}
            data: {lr: '0.1'}
            """;

    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;
    private Policy policy;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(500)));
        engine = new SyncEngine(cluster);
        for (String ns : List.of("ml-train", "ml-serve", "ml-prod", "kube-system", "shared")) {
            kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).createOr(r -> r.update());
        }
        AppProject ml = AppProjectParser.parse(PROJECT, "ml.yaml");
        policy = Policy.of(ml, kube.url(), "");
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    private SyncOptions.Builder opts() {
        return SyncOptions.builder("train").initiator("test").timeout(Duration.ofSeconds(30)).policy(policy)
                .sourceRepos(List.of("https://git.example.com/ml/pipelines.git"));
    }

    /** The store's resource version: any write, anywhere, moves it. */
    private String storeVersion() {
        return kube.client().namespaces().list().getMetadata().getResourceVersion();
    }

    private void assertRefusedWithNothingWritten(Runnable sync, String... lines) {
        String before = storeVersion();
        kube.requests().reset();
        assertThatThrownBy(sync::run).isInstanceOf(PolicyException.class).satisfies(e ->
                assertThat(((PolicyException) e).refusals()).containsExactlyInAnyOrder(lines));
        assertThat(kube.requests().writes()).as("requests that write, dry runs included").isZero();
        assertThat(storeVersion()).isEqualTo(before);
    }

    @Test
    void anObjectOutsideTheDestinationsIsRefusedAndNothingIsWrittenNotEvenADryRun() {
        String set = GOOD + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x, namespace: kube-system}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: leak, namespace: ml-prod}
                """;
        String deployment = "Deployment.apps/kube-system/x: namespace kube-system is not a destination of project ml (destinations: ml-*, !ml-prod)";
        String prod = "ConfigMap/ml-prod/leak: namespace ml-prod is not a destination of project ml (destinations: ml-*, !ml-prod)";
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", set), opts().build()), deployment, prod);
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", set), opts().dryRun(true).build()), deployment, prod);
        assertRefusedWithNothingWritten(() -> engine.diff(Manifests.of("r1", set), opts().build()), deployment, prod);
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "ml-train", "settings")).isEmpty();
    }

    @Test
    void kindsNeedTheWhitelistOrEscapeTheBlacklist() {
        String set = GOOD + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: admin-too}
                rules: []
                ---
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: q, namespace: ml-train}
                spec: {hard: {pods: '1'}}
                """;
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", set), opts().build()),
                "ClusterRole.rbac.authorization.k8s.io/admin-too: cluster-scoped kind ClusterRole.rbac.authorization.k8s.io is not in project ml's"
                        + " clusterResourceWhitelist (Namespace)",
                "ResourceQuota/ml-train/q: kind ResourceQuota is in project ml's namespaceResourceBlacklist (ResourceQuota)");
    }

    @Test
    void theSourceRepositoryMustBeOneOfTheProjects() {
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", GOOD), opts().sourceRepos(List.of("https://git.example.com/web/site.git")).build()),
                "source https://git.example.com/web/site.git: not a source repository of project ml (sourceRepos: https://git.example.com/ml/*)");
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", GOOD), opts().sourceRepos(List.of()).build()),
                "source: the manifests name no source repository (a file), and project ml admits only its sourceRepos (https://git.example.com/ml/*)");
    }

    @Test
    void aSourceIsNamedWithoutTheTokenInItsUrl() {
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", GOOD),
                        opts().sourceRepos(List.of("https://ci:s3cret@git.example.com/web/site.git")).build()),
                "source https://git.example.com/web/site.git: not a source repository of project ml (sourceRepos: https://git.example.com/ml/*)");
    }

    @Test
    void aClusterNoDestinationNamesIsSaidSo() {
        Policy elsewhere = Policy.of(AppProjectParser.parse(PROJECT.replace("server: '*'", "server: 'https://prod.example.com'"), "ml.yaml"),
                kube.url(), "");
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", GOOD), opts().policy(elsewhere).build()),
                "ConfigMap/ml-train/settings: namespace ml-train is not a destination of project ml (none of its destinations is this cluster,"
                        + " server " + kube.url() + ")");
    }

    @Test
    void whatTheProjectAdmitsSyncs() {
        SyncResult r = engine.sync(Manifests.of("r1", GOOD + """
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: ml-new}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: other, namespace: ml-new}
                """), opts().build());
        assertThat(r.succeeded()).as(r.message()).isTrue();
        assertThat(r.count(Action.CREATED)).isEqualTo(3);
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "ml-train", "settings")).isPresent();
    }

    @Test
    void aNamespaceToCreateIsAClusterScopedWriteTheProjectMustAdmit() {
        AppProject noNamespaces = AppProjectParser.parse(PROJECT.replace("  clusterResourceWhitelist:\n  - {group: '', kind: Namespace}\n", ""), "ml.yaml");
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"),
                        opts().policy(Policy.of(noNamespaces, kube.url(), "")).namespace("ml-fresh").createNamespace(true).build()),
                "Namespace/ml-fresh: cluster-scoped kind Namespace is not in project ml's clusterResourceWhitelist (empty)");
    }

    @Test
    void aPruneOutsideTheProjectIsRefusedUnlessItWouldNotDelete() {
        String before = GOOD + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: old, namespace: shared}
                """;
        assertThat(engine.sync(Manifests.of("r1", before), opts().policy(null).build()).succeeded()).isTrue();

        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r2", GOOD), opts().prune(true).build()),
                "ConfigMap/shared/old: prune refused: namespace shared is not a destination of project ml (destinations: ml-*, !ml-prod)");
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "shared", "old")).isPresent();

        SyncResult kept = engine.sync(Manifests.of("r2", GOOD), opts().build());
        assertThat(kept.succeeded()).as(kept.message()).isTrue();
        assertThat(kept.count(Action.PRUNED)).isZero();
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "shared", "old")).isPresent();
    }

    @Test
    void aRollbackIsCheckedAsASync() {
        String outside = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shared}\n";
        engine.sync(Manifests.of("r1", outside), opts().policy(null).build());
        engine.sync(Manifests.of("r2", GOOD), opts().policy(null).prune(true).build());
        assertRefusedWithNothingWritten(() -> engine.rollback(0, opts().build()),
                "ConfigMap/shared/c: namespace shared is not a destination of project ml (destinations: ml-*, !ml-prod)");
        // the stored manifests name no repository; their objects, not their source, are what a rollback checks
        Policy anySource = Policy.of(AppProjectParser.parse(PROJECT.replace("'ml-*'}", "'ml-*'}\n  - {server: '*', namespace: shared}"), "ml.yaml"),
                kube.url(), "");
        SyncResult back = engine.rollback(0, opts().policy(anySource).sourceRepos(List.of()).build());
        assertThat(back.succeeded()).as(back.message()).isTrue();
        assertThat(cluster.get(cluster.resolver().resolve("v1", "ConfigMap"), "shared", "c")).isPresent();
    }

    @Test
    void aRollbackChecksTheRepositoryItsEntryRecorded() {
        engine.sync(Manifests.of("r1", GOOD), opts().policy(null).source(RenderSource.git("https://git.example.com/web/site.git", "r1", "app", "auto"))
                .build());
        engine.sync(Manifests.of("r2", GOOD.replace("'0.1'", "'0.2'")), opts().policy(null)
                .source(RenderSource.git("https://git.example.com/ml/pipelines.git", "r2", "app", "auto")).build());
        assertRefusedWithNothingWritten(() -> engine.rollback(0, opts().build()),
                "source https://git.example.com/web/site.git: not a source repository of project ml (sourceRepos: https://git.example.com/ml/*)");
    }

    @Test
    void theInventoryGoesOnlyWhereThePolicyKeepsItOrToADestination() {
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", GOOD), opts().inventoryNamespace("kube-system").build()),
                "inventory ConfigMap/kube-system: namespace kube-system is neither the inventory namespace gitops-system nor a destination of project ml"
                        + " (destinations: ml-*, !ml-prod)");
        assertThat(engine.sync(Manifests.of("r1", GOOD), opts().inventoryNamespace("ml-train").build()).succeeded()).isTrue();
    }

    @Test
    void everyProjectOfAPolicyMustAdmit() {
        AppProject trainOnly = AppProjectParser.parse(PROJECT.replace("ml-*", "ml-train").replace("name: ml,", "name: train,"), "t.yaml");
        Policy both = policy.and(trainOnly);
        String set = GOOD + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ml-serve}\n";
        assertRefusedWithNothingWritten(() -> engine.sync(Manifests.of("r1", set), opts().policy(both).build()),
                "ConfigMap/ml-serve/c: namespace ml-serve is not a destination of project train (destinations: ml-train, !ml-prod)");
    }
}
