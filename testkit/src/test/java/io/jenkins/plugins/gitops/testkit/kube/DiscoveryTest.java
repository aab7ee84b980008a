package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private static KubeEmulator kube;
    private static Http http;

    @BeforeAll
    static void start() {
        kube = KubeEmulator.builder().crdEstablishDelay(Duration.ofMillis(300)).start();
        http = new Http(kube);
    }

    @AfterAll
    static void stop() {
        kube.close();
    }

    @Test
    void versionAndCoreGroup() {
        assertThat(http.get("/version").body().path("gitVersion").asText()).startsWith("v1.32");
        assertThat(http.get("/api").body().path("versions").toString()).contains("v1");
        JsonNode core = http.get("/api/v1").body();
        assertThat(core.path("kind").asText()).isEqualTo("APIResourceList");
        assertThat(resource(core, "configmaps").path("namespaced").asBoolean()).isTrue();
        assertThat(resource(core, "namespaces").path("namespaced").asBoolean()).isFalse();
        assertThat(resource(core, "pods/status").path("verbs").toString()).contains("patch");
    }

    @Test
    void groupsListBuiltInsWithPreferredVersions() {
        JsonNode groups = http.get("/apis").body();
        assertThat(names(groups.path("groups"))).contains("apps", "batch", "rbac.authorization.k8s.io", "apiextensions.k8s.io",
                "admissionregistration.k8s.io", "networking.k8s.io", "autoscaling");
        JsonNode autoscaling = http.get("/apis/autoscaling").body();
        assertThat(autoscaling.at("/preferredVersion/version").asText()).isEqualTo("v2");
        JsonNode apps = http.get("/apis/apps/v1").body();
        assertThat(resource(apps, "deployments").path("shortNames").toString()).contains("deploy");
        assertThat(resource(apps, "deployments/scale").path("kind").asText()).isEqualTo("Scale");
    }

    @Test
    void unknownGroupsAndOpenApiAre404WithAStatus() {
        Http.Response r = http.get("/apis/nope.example.com/v1");
        assertThat(r.code()).isEqualTo(404);
        assertThat(r.body().path("kind").asText()).isEqualTo("Status");
        Http.Response openapi = http.get("/openapi/v2");
        assertThat(openapi.code()).isEqualTo(404);
        assertThat(openapi.body().path("kind").asText()).isEqualTo("Status");
    }

    @Test
    void crdIsServedOnlyOnceEstablished() {
        String crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gadgets.example.org}
                spec:
                  group: example.org
                  scope: Cluster
                  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd]}
                  versions:
                  - {name: v1alpha1, served: true, storage: false, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
                  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
                """;
        assertThat(http.apply("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org", "t", crd).code()).isEqualTo(200);
        // not Established yet: the kind is not served, as on a real apiserver right after the write
        assertThat(http.get("/apis/example.org/v1/gadgets").code()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).until(() -> established("gadgets.example.org"));
        JsonNode list = http.get("/apis/example.org/v1").body();
        assertThat(resource(list, "gadgets").path("namespaced").asBoolean()).isFalse();
        assertThat(resource(list, "gadgets").path("shortNames").toString()).contains("gd");
        JsonNode group = http.get("/apis/example.org").body();
        assertThat(group.at("/preferredVersion/version").asText()).as("GA before alpha").isEqualTo("v1");
        assertThat(http.apply("/apis/example.org/v1/gadgets/g1", "t", "{apiVersion: example.org/v1, kind: Gadget, metadata: {name: g1}, spec: {x: 1}}").code())
                .isEqualTo(200);
        assertThat(http.get("/apis/example.org/v1alpha1/gadgets/g1").body().path("apiVersion").asText()).isEqualTo("example.org/v1alpha1");

        // deleting the CRD stops serving the kind and removes its objects
        http.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/apis/example.org/v1").code() == 404);
    }

    @Test
    void invalidCrdIsRefusedWith422() {
        String crd = "{apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: bad.example.org},"
                + " spec: {group: example.org, scope: Sideways, names: {plural: things, kind: Thing}, versions: []}}";
        Http.Response r = http.apply("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/bad.example.org", "t", crd);
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.message()).contains("spec.scope").contains("metadata.name").contains("spec.versions");
    }

    private boolean established(String name) {
        for (JsonNode c : http.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + name).body().at("/status/conditions")) {
            if (c.path("type").asText().equals("Established") && c.path("status").asText().equals("True")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode r : list.path("resources")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no resource " + name + " in " + list.path("groupVersion"));
    }

    private static List<String> names(JsonNode groups) {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.path("name").asText()));
        return out;
    }
}
