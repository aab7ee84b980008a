package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

    private static final String DEPLOY = "/apis/apps/v1/namespaces/default/deployments/";
    private static KubeEmulator kube;
    private static Http http;

    @BeforeAll
    static void start() {
        kube = KubeEmulator.start();
        http = new Http(kube);
    }

    @AfterAll
    static void stop() {
        kube.close();
    }

    private static String deployment(String name, String image, int replicas, String extra) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels: {app: %s}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      containers:
                      - name: main
                        image: %s
                        args: ["--a", "--b"]
                        env:
                        - {name: ONE, value: "1"}
                      %s
                """.formatted(name, name, replicas, name, name, image, extra);
    }

    @Test
    void applyCreatesWhenAbsentAndStampsServerFields() {
        Http.Response r = http.apply(DEPLOY + "create-me", "gitops", deployment("create-me", "nginx:1.27", 2, ""));
        assertThat(r.code()).isEqualTo(200);
        JsonNode md = r.body().path("metadata");
        assertThat(md.path("uid").asText()).isNotEmpty();
        assertThat(md.path("generation").asLong()).isEqualTo(1);
        assertThat(md.path("managedFields").get(0).path("manager").asText()).isEqualTo("gitops");
        assertThat(md.path("managedFields").get(0).path("operation").asText()).isEqualTo("Apply");
        assertThat(r.body().path("spec").path("progressDeadlineSeconds").asInt()).as("server default").isEqualTo(600);
        assertThat(http.get(DEPLOY + "create-me").code()).isEqualTo(200);
    }

    @Test
    void mergesMapsAndKeyedListsAndReplacesAtomicLists() {
        http.apply(DEPLOY + "merge", "gitops", deployment("merge", "nginx:1.27", 1, ""));
        // another manager adds a sidecar and an env var of its own
        String sidecar = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: merge}
                spec:
                  template:
                    spec:
                      containers:
                      - name: main
                        env:
                        - {name: TWO, value: "2"}
                      - name: sidecar
                        image: busybox:1.36
                """;
        assertThat(http.apply(DEPLOY + "merge", "injector", sidecar).code()).isEqualTo(200);
        // the first manager changes its args (an atomic list) and its image
        Http.Response r = http.apply(DEPLOY + "merge", "gitops",
                deployment("merge", "nginx:1.28", 1, "").replace("[\"--a\", \"--b\"]", "[\"--c\"]"));
        assertThat(r.code()).isEqualTo(200);
        JsonNode containers = r.body().at("/spec/template/spec/containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("image").asText()).isEqualTo("nginx:1.28");
        assertThat(containers.get(0).path("args").toString()).isEqualTo("[\"--c\"]");
        assertThat(names(containers.get(0).path("env"))).containsExactly("ONE", "TWO");
        assertThat(containers.get(1).path("name").asText()).isEqualTo("sidecar");
    }

    @Test
    void generationMovesOnSpecChangesOnly() {
        http.apply(DEPLOY + "gen", "gitops", deployment("gen", "nginx:1.27", 1, ""));
        String relabelled = deployment("gen", "nginx:1.27", 1, "").replace("labels: {app: gen}\nspec", "labels: {app: gen, team: ml}\nspec");
        Http.Response labels = http.apply(DEPLOY + "gen", "gitops", relabelled);
        assertThat(labels.body().at("/metadata/labels/team").asText()).isEqualTo("ml");
        assertThat(labels.body().at("/metadata/generation").asLong()).isEqualTo(1);
        Http.Response spec = http.apply(DEPLOY + "gen", "gitops", deployment("gen", "nginx:1.27", 3, ""));
        assertThat(spec.body().at("/metadata/generation").asLong()).isEqualTo(2);
    }

    @Test
    void unchangedApplyWritesNothing() {
        String rv = http.apply(DEPLOY + "same", "gitops", deployment("same", "nginx:1.27", 1, "")).body().at("/metadata/resourceVersion").asText();
        String again = http.apply(DEPLOY + "same", "gitops", deployment("same", "nginx:1.27", 1, "")).body().at("/metadata/resourceVersion").asText();
        assertThat(again).isEqualTo(rv);
    }

    @Test
    void conflictWithAnotherManagerIs409UnlessForced() {
        http.apply(DEPLOY + "conflict", "gitops", deployment("conflict", "nginx:1.27", 2, ""));
        Http.Response r = http.apply(DEPLOY + "conflict", "hpa", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: conflict}, spec: {replicas: 5}}");
        assertThat(r.code()).isEqualTo(409);
        assertThat(r.message()).isEqualTo("Apply failed with 1 conflict: conflict with \"gitops\" using apps/v1: .spec.replicas");
        assertThat(r.body().at("/details/causes/0/field").asText()).isEqualTo(".spec.replicas");
        assertThat(http.get(DEPLOY + "conflict").body().at("/spec/replicas").asInt()).as("nothing written").isEqualTo(2);

        Http.Response forced = http.apply(DEPLOY + "conflict", "hpa", true,
                "{apiVersion: apps/v1, kind: Deployment, metadata: {name: conflict}, spec: {replicas: 5}}");
        assertThat(forced.code()).isEqualTo(200);
        assertThat(forced.body().at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(ownedBy(forced.body(), "gitops")).doesNotContain("f:replicas");
        assertThat(ownedBy(forced.body(), "hpa")).contains("f:replicas");
    }

    @Test
    void sameValueIsSharedOwnershipNotAConflict() {
        http.apply(DEPLOY + "shared", "gitops", deployment("shared", "nginx:1.27", 2, ""));
        Http.Response r = http.apply(DEPLOY + "shared", "other", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: shared}, spec: {replicas: 2}}");
        assertThat(r.code()).isEqualTo(200);
        assertThat(ownedBy(r.body(), "gitops")).contains("f:replicas");
        assertThat(ownedBy(r.body(), "other")).contains("f:replicas");
    }

    @Test
    void fieldDroppedFromTheConfigIsRemovedUnlessSomeoneElseOwnsIt() {
        String withPort = deployment("drop", "nginx:1.27", 1, "").replace("        env:", "        ports: [{containerPort: 80}]\n        env:");
        http.apply(DEPLOY + "drop", "gitops", withPort);
        Http.Response dropped = http.apply(DEPLOY + "drop", "gitops", deployment("drop", "nginx:1.27", 1, ""));
        assertThat(dropped.body().at("/spec/template/spec/containers/0").has("ports")).isFalse();

        http.apply(DEPLOY + "keep", "gitops", deployment("keep", "nginx:1.27", 1, ""));
        http.apply(DEPLOY + "keep", "other", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: keep, labels: {app: keep}}}");
        String noLabels = deployment("keep", "nginx:1.27", 1, "").replace("  labels: {app: keep}\nspec", "spec");
        Http.Response kept = http.apply(DEPLOY + "keep", "gitops", noLabels);
        assertThat(kept.body().at("/metadata/labels/app").asText()).as("still owned by 'other'").isEqualTo("keep");
    }

    @Test
    void applyNeedsAFieldManager() {
        Http.Response r = http.send("PATCH", DEPLOY + "nomanager", Http.APPLY, deployment("nomanager", "nginx", 1, ""));
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.message()).contains("fieldManager");
    }

    @Test
    void nameInBodyMustMatchTheUrl() {
        Http.Response r = http.apply(DEPLOY + "url-name", "gitops", deployment("body-name", "nginx", 1, ""));
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.message()).contains("body-name").contains("url-name");
    }

    @Test
    void namespacedObjectInAMissingNamespaceIs404() {
        Http.Response r = http.apply("/api/v1/namespaces/nowhere/configmaps/c", "gitops",
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: nowhere}, data: {a: b}}");
        assertThat(r.code()).isEqualTo(404);
        assertThat(r.message()).isEqualTo("namespaces \"nowhere\" not found");
    }

    @Test
    void nonApplyUpdatesTakeOwnershipWithoutConflict() {
        http.apply(DEPLOY + "update", "gitops", deployment("update", "nginx:1.27", 2, ""));
        JsonNode live = http.get(DEPLOY + "update").body();
        ((com.fasterxml.jackson.databind.node.ObjectNode) live.get("spec")).put("replicas", 4);
        Http.Response put = http.send("PUT", DEPLOY + "update?fieldManager=kubectl-edit", "application/json", live.toString());
        assertThat(put.code()).isEqualTo(200);
        assertThat(ownedBy(put.body(), "kubectl-edit")).contains("f:replicas");
        assertThat(ownedBy(put.body(), "gitops")).doesNotContain("f:replicas");
        // now gitops re-applying its own replicas conflicts with the editor, as on a real cluster
        Http.Response reapply = http.apply(DEPLOY + "update", "gitops", deployment("update", "nginx:1.27", 2, ""));
        assertThat(reapply.code()).isEqualTo(409);
        assertThat(reapply.message()).contains("kubectl-edit").contains(".spec.replicas");
    }

    @Test
    void staleResourceVersionOnUpdateIs409() {
        http.apply(DEPLOY + "stale", "gitops", deployment("stale", "nginx:1.27", 2, ""));
        JsonNode live = http.get(DEPLOY + "stale").body();
        http.apply(DEPLOY + "stale", "gitops", deployment("stale", "nginx:1.27", 3, ""));
        Http.Response put = http.put(DEPLOY + "stale", live);
        assertThat(put.code()).isEqualTo(409);
        assertThat(put.message()).contains("the object has been modified");
    }

    @Test
    void customResourcesMergeListsByTheirCrdSchemaKeys() {
        String crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    subresources: {status: {}}
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              parts:
                                type: array
                                x-kubernetes-list-type: map
                                x-kubernetes-list-map-keys: [id]
                                items: {type: object, properties: {id: {type: string}, size: {type: integer}}}
                              tags: {type: array, items: {type: string}}
                """;
        assertThat(http.apply("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", "gitops", crd).code()).isEqualTo(200);
        org.awaitility.Awaitility.await().until(() -> http.get("/apis/example.com/v1").code() == 200);
        String path = "/apis/example.com/v1/namespaces/default/widgets/w";
        http.apply(path, "a", "{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}, spec: {parts: [{id: x, size: 1}], tags: [t1]}}");
        Http.Response r = http.apply(path, "b", "{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}, spec: {parts: [{id: y, size: 2}], tags: [t2]}}");
        assertThat(r.code()).as(r.message()).isEqualTo(409); // tags is atomic and owned by "a"
        r = http.apply(path, "b", "{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}, spec: {parts: [{id: y, size: 2}]}}");
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().at("/spec/parts")).hasSize(2);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    /** The fieldsV1 of one manager, as text, for contains-checks. */
    private static String ownedBy(JsonNode obj, String manager) {
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            if (e.path("manager").asText().equals(manager)) {
                return e.path("fieldsV1").toString();
            }
        }
        return "";
    }
}
