package io.jenkins.plugins.gitops.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sync's wait for its CRDs lists and watches only the CRDs that carry its app's label (not every
 * CRD of the cluster, once per app and stage), and hands back those the label does not or no longer
 * matches, never waiting on them in vain.
 */
class CrdWaitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOP = "gitops.jenkins.io/app=shop";

    private KubeEmulator kube;
    private Cluster cluster;

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    private void start(Duration establishDelay) {
        kube = KubeEmulator.builder().crdEstablishDelay(establishDelay).start();
        cluster = Cluster.of(kube.config());
    }

    private static ObjectNode crd(String plural, String app) {
        ObjectNode o = JSON.createObjectNode().put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition");
        ObjectNode md = o.putObject("metadata").put("name", plural + ".example.com");
        if (app != null) {
            md.putObject("labels").put("gitops.jenkins.io/app", app);
        }
        ObjectNode spec = o.putObject("spec").put("group", "example.com").put("scope", "Namespaced");
        String kind = Character.toUpperCase(plural.charAt(0)) + plural.substring(1, plural.length() - 1);
        spec.putObject("names").put("kind", kind).put("plural", plural).put("singular", plural.substring(0, plural.length() - 1));
        ObjectNode v = spec.putArray("versions").addObject().put("name", "v1").put("served", true).put("storage", true);
        v.putObject("schema").putObject("openAPIV3Schema").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        return o;
    }

    private boolean established(String name) {
        return cluster.get(ClusterWaits.CRDS, null, name).map(ClusterWaits::established).orElse(false);
    }

    @Test
    void waitsForTheLabelledCrdsOnlyAndNamesTheOthers() {
        start(Duration.ofMillis(100));
        kube.apply(crd("widgets", "shop"), "gitops-jenkins");
        kube.apply(crd("gadgets", "shop"), "gitops-jenkins");
        kube.apply(crd("others", null), "someone-else");
        for (int i = 0; i < 20; i++) {
            kube.apply(crd("unrelated" + i + "s", "another-app"), "gitops-jenkins");
        }
        long lists = kube.requests().count("list");

        CrdWait w = cluster.awaitCrdsEstablished(List.of("widgets.example.com", "gadgets.example.com", "others.example.com"), SHOP,
                Duration.ofSeconds(30));

        assertThat(w.notEstablished()).isEmpty();
        assertThat(w.unselected()).containsExactly("others.example.com");
        assertThat(established("widgets.example.com")).isTrue();
        assertThat(established("gadgets.example.com")).isTrue();
        assertThat(kube.requests().count("list") - lists).isEqualTo(1);
    }

    @Test
    void aCrdThatAnotherAppRelabelsWhileItIsAwaitedIsHandedBackNotWaitedForInVain() throws Exception {
        start(Duration.ofSeconds(2));
        kube.apply(crd("widgets", "shop"), "gitops-jenkins");
        kube.apply(crd("gadgets", "shop"), "gitops-jenkins");
        long watches = kube.requests().count("watch");
        CompletableFuture<CrdWait> w = CompletableFuture.supplyAsync(() -> cluster.awaitCrdsEstablished(
                List.of("widgets.example.com", "gadgets.example.com"), SHOP, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> kube.requests().count("watch") > watches);
        kube.apply(crd("gadgets", "billing"), "gitops-jenkins"); // a second app of the tree renders the same CRD

        CrdWait done = w.get(30, TimeUnit.SECONDS);
        assertThat(done.unselected()).containsExactly("gadgets.example.com");
        assertThat(done.notEstablished()).isEmpty();
        assertThat(established("widgets.example.com")).isTrue();
    }

    @Test
    void withoutASelectorEveryNamedCrdIsAwaited() {
        start(Duration.ofMillis(100));
        kube.apply(crd("widgets", null), "someone-else");
        CrdWait w = cluster.awaitCrdsEstablished(List.of("widgets.example.com"), null, Duration.ofSeconds(30));
        assertThat(w.notEstablished()).isEmpty();
        assertThat(w.unselected()).isEqualTo(Set.of());
        assertThat(established("widgets.example.com")).isTrue();
    }
}
