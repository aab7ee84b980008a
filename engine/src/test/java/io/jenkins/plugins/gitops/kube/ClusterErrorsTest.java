package io.jenkins.plugins.gitops.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.KubeAccess;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whatever fabric8 or a bad tree throws leaves the kube package as one of the engine's exceptions, naming the resource. */
class ClusterErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiResource DEPLOYMENTS = new ApiResource("apps", "v1", "Deployment", "deployments", true);
    private static final RetryPolicy TWICE = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1));

    private KubeEmulator kube;

    @AfterEach
    void stop() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    void aFailingTokenProviderIsAKubeApiExceptionNamingTheObject() {
        kube = KubeEmulator.start();
        Config config = new ConfigBuilder(kube.config()).build();
        config.setOauthTokenProvider(() -> {
            throw new KubernetesClientException("exec plugin 'aws' exited 1");
        });
        try (Cluster cluster = Cluster.of(config, TWICE)) {
            assertThatThrownBy(() -> cluster.get(DEPLOYMENTS, "shop", "web"))
                    .isInstanceOf(KubeApiException.class)
                    .hasMessageStartingWith("Deployment.apps/shop/web: ")
                    .hasMessageContaining("exec plugin 'aws' exited 1");
        }
    }

    @Test
    void anUnreachableServerNamesTheKindAndScope() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1").build();
        try (Cluster cluster = Cluster.of(config, TWICE)) {
            assertThatThrownBy(() -> cluster.list(DEPLOYMENTS, "shop", null))
                    .isInstanceOf(KubeApiException.class)
                    .hasMessageStartingWith("Deployment list in namespace shop: cannot reach the API server at http://127.0.0.1:1")
                    .hasMessageEndingWith("(gave up after 2 attempts)");
            assertThat(cluster.calls().count("retry")).isEqualTo(1);
        }
    }

    @Test
    void aWatchTheServerRefusesNamesTheKindScopeAndTheServersWords() {
        kube = KubeEmulator.start();
        try (Cluster cluster = Cluster.of(kube.config(), TWICE)) {
            KubeAccess access = new ClusterKubeAccess(cluster);
            access.list("apps/v1", "Deployment", "shop", null, null); // discovery read while the server answers
            kube.faults().serverErrors(1.0).includeDiscoveryAndWatch(true);
            assertThatThrownBy(() -> access.watch("apps/v1", "Deployment", "shop", "gitops.jenkins.io/app=shop", null, new KubeAccess.Listener() {
                @Override
                public void upserted(KubeObject obj) {
                }

                @Override
                public void deleted(ResourceKey key) {
                }
            }))
                    .isInstanceOf(KubeApiException.class)
                    .hasMessageStartingWith("cannot watch Deployment (apps/v1) in namespace shop with selector 'gitops.jenkins.io/app=shop': "
                            + "the API server answered 500 InternalError: ")
                    .hasMessageContaining("injected fault");
        }
    }

    @Test
    void aKindTheServerDoesNotServeIsNamed() {
        kube = KubeEmulator.start();
        try (Cluster cluster = Cluster.of(kube.config(), TWICE)) {
            assertThatThrownBy(() -> new ClusterKubeAccess(cluster).list("example.com/v1", "Widget", "shop", null, null))
                    .isInstanceOf(KubeApiException.class)
                    .hasMessageStartingWith("cannot list Widget (example.com/v1) in namespace shop: the API server answered 404 NotFound: ")
                    .hasMessageContaining("does not serve this kind");
        }
    }

    @Test
    void aTreeThatIsNotAnObjectIsBadInputNamingIt() throws Exception {
        assertThatThrownBy(() -> KubeObject.of(JSON.readTree("{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"settings\", \"namespace\": \"shop\"}}")))
                .isInstanceOf(KubeObjectException.class)
                .isInstanceOf(GitopsException.class)
                .hasMessage("ConfigMap shop/settings has no apiVersion")
                .matches(e -> ((GitopsException) e).badInput(), "bad input");
        assertThatThrownBy(() -> KubeObject.of(JSON.readTree("{\"metadata\": {\"name\": \"settings\"}}")))
                .isInstanceOf(KubeObjectException.class).hasMessage("object settings has no kind");
        assertThatThrownBy(() -> KubeObject.of(JSON.readTree("[1]")))
                .isInstanceOf(KubeObjectException.class).hasMessage("a Kubernetes object must be a mapping, got ARRAY");
    }
}
