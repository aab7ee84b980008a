package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.Faults;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kubeflow's example (683 objects) into an empty emulated cluster: valid order, a second sync
 * that writes nothing, removing a component prunes exactly its objects, rollback restores; and
 * the same first sync with 10% of requests failing ends in the same state.
 *
 * <p>Counting: {@code kube.requests().writes()} counts every write request the server saw,
 * server-side dry runs included (they are PATCH requests). A re-sync of an unchanged set
 * makes no dry runs at all (the inventory digest and the live state prove it unchanged), so
 * its delta is 0 whichever way dry runs are counted; {@link SyncResult#writes()} never counts
 * dry runs.
 */
class KubeflowSyncConformanceTest {

    /** Watches the emulator's commits: a CR created before its CRD is Established, or an object before its Namespace, is a violation. */
    static final class OrderChecker extends Controller {
        final Set<String> established = Collections.synchronizedSet(new HashSet<>());
        final Set<String> namespaces = Collections.synchronizedSet(new HashSet<>(Set.of("default", "kube-system", "kube-public", "kube-node-lease")));
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        final List<String> created = Collections.synchronizedList(new ArrayList<>());

        @Override
        protected void onEvent(WatchEvent e) {
            JsonNode o = e.object();
            String kind = o.path("kind").asText(e.resourceType().kind());
            String name = o.path("metadata").path("name").asText();
            String ns = o.path("metadata").path("namespace").asText("");
            if (kind.equals("CustomResourceDefinition")) {
                for (JsonNode c : o.path("status").path("conditions")) {
                    if (c.path("type").asText().equals("Established") && c.path("status").asText().equals("True")) {
                        established.add(name);
                    }
                }
            }
            if (!e.type().equals("ADDED")) {
                return;
            }
            created.add(kind + "/" + ns + "/" + name);
            if (kind.equals("Namespace")) {
                namespaces.add(name);
            }
            if (!ns.isEmpty() && !namespaces.contains(ns)) {
                violations.add(kind + "/" + ns + "/" + name + " created before its Namespace");
            }
            String crd = e.resourceType().crd();
            if (crd != null && !established.contains(crd)) {
                violations.add(kind + "/" + ns + "/" + name + " created before CRD " + crd + " was Established");
            }
        }
    }

    private static SyncOptions.Builder opts() {
        return SyncOptions.builder("kubeflow").initiator("conformance").parallelism(8).timeout(Duration.ofMinutes(2));
    }

    @Test
    void kubeflowSyncsInOrderResyncsWithoutWritesPrunesAComponentAndRollsBack() throws Exception {
        RenderedSet example = KubeflowBundle.set(KubeflowBundle.EXAMPLE, "example-v1");
        assertThat(example.size()).isEqualTo(683);
        OrderChecker order = new OrderChecker();
        try (KubeEmulator kube = KubeEmulator.builder().controller(order).start();
             Cluster cluster = Cluster.of(kube.config())) {
            SyncEngine engine = new SyncEngine(cluster);

            SyncResult first = engine.sync(example, opts().build());
            assertThat(first.succeeded()).as(() -> first.table()).isTrue();
            assertThat(first.count(Action.CREATED)).isEqualTo(683);
            assertThat(order.violations).isEmpty();
            System.out.printf("kubeflow first sync: %d objects, %d ms, %d writes, %d API calls (%.2f per object), server saw %s%n",
                    example.size(), first.durationMs(), first.writes(), first.apiCalls(), first.apiCalls() / 683.0, kube.requests().snapshot());

            long writes = kube.requests().writes();
            long lists = kube.requests().count("list");
            long gets = kube.requests().count("get");
            SyncResult second = engine.sync(example, opts().build());
            assertThat(second.succeeded()).isTrue();
            assertThat(second.count(Action.UNCHANGED)).isEqualTo(683);
            assertThat(second.writes()).isZero();
            assertThat(kube.requests().writes() - writes).as("writes, dry runs included: none, not even the app's Lease").isZero();
            long kinds = example.objects().stream().map(o -> o.object().group() + "/" + o.object().kind()).distinct().count();
            assertThat(kube.requests().count("list") - lists).as("one LIST per kind").isEqualTo(kinds);
            System.out.printf("kubeflow re-sync: %d ms, %d writes, %d API calls (%d lists for %d kinds, %d gets)%n", second.durationMs(),
                    second.writes(), second.apiCalls(), kube.requests().count("list") - lists, kinds, kube.requests().count("get") - gets);

            Set<ResourceKey> katib = KubeflowBundle.set(KubeflowBundle.KATIB, "").objects().stream().map(o -> o.object().key())
                    .filter(k -> !k.kind().equals("Namespace")).collect(Collectors.toSet());
            List<RenderedObject> without = example.objects().stream().filter(o -> !katib.contains(o.object().key())).toList();
            Set<ResourceKey> removed = example.objects().stream().map(o -> o.object().key()).filter(katib::contains).collect(Collectors.toSet());
            assertThat(removed).isNotEmpty();
            SyncResult pruned = engine.sync(RenderedSet.of(without, "example-v2", "kustomize", ""), opts().prune(true).build());
            assertThat(pruned.succeeded()).as(() -> pruned.table()).isTrue();
            assertThat(pruned.objects().stream().filter(o -> o.action() == Action.PRUNED).map(ObjectResult::key).collect(Collectors.toSet()))
                    .isEqualTo(removed);
            assertThat(pruned.count(Action.UNCHANGED)).isEqualTo(683 - removed.size());
            System.out.printf("kubeflow remove katib: %d pruned in %d ms%n", removed.size(), pruned.durationMs());

            SyncResult back = engine.rollback(0, opts().build(), entry -> example); // the history keeps Kubeflow's Secrets as digests
            assertThat(back.message()).startsWith("restored ").contains(" Secret(s) of history entry 1 by rendering");
            assertThat(back.succeeded()).as(() -> back.table()).isTrue();
            assertThat(back.revision()).isEqualTo("example-v1");
            assertThat(engine.diff(example, opts().build()).inSync()).isTrue();
            assertThat(order.violations).isEmpty();
        }
    }

    @Test
    void withTenPercentOfRequestsFailingTheSyncCompletesWithTheSameState() throws Exception {
        RenderedSet example = KubeflowBundle.set(KubeflowBundle.EXAMPLE, "example-v1");
        Faults faults = new Faults(7).tooManyRequests(0.04, 1).serverErrors(0.03).droppedConnections(0.03);
        try (KubeEmulator kube = KubeEmulator.builder().faults(faults).start();
             Cluster cluster = Cluster.of(kube.config(), new RetryPolicy(10, Duration.ofMillis(20), Duration.ofSeconds(1)))) {
            SyncResult r = new SyncEngine(cluster).sync(example, opts().parallelism(16).build());
            assertThat(r.succeeded()).as(() -> r.table()).isTrue();
            assertThat(r.count(Action.CREATED)).isEqualTo(683);
            Faults none = faults.none();
            assertThat(none).isNotNull();
            SyncResult check = new SyncEngine(cluster).diff(example, opts().build());
            assertThat(check.inSync()).as(() -> check.table()).isTrue();
            System.out.printf("kubeflow sync with faults: %d ms, %d API calls, %d retries, server faults %s%n", r.durationMs(), r.apiCalls(),
                    cluster.calls().count("retry"), kube.requests().snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("fault:")).toList());
        }
    }
}
