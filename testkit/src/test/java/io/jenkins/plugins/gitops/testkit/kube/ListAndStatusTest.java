package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Set-based selectors, paging, and status kept apart from the main resource. */
class ListAndStatusTest {

    private static final String CM = "/api/v1/namespaces/default/configmaps";
    private static KubeEmulator kube;
    private static Http http;

    @BeforeAll
    static void start() {
        kube = KubeEmulator.start();
        http = new Http(kube);
        for (String[] c : new String[][] {{"a", "tier: web"}, {"b", "tier: db"}, {"c", "tier: cache, canary: 'yes'"}, {"d", "other: x"}}) {
            http.apply(CM + "/" + c[0], "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: " + c[0] + ", labels: {" + c[1] + "}}}");
        }
    }

    @AfterAll
    static void stop() {
        kube.close();
    }

    private static List<String> names(String query) {
        Http.Response r = http.get(CM + "?labelSelector=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.code()).as(r.message()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.body().path("items").forEach(i -> out.add(i.at("/metadata/name").asText()));
        return out;
    }

    @Test
    void setBasedSelectors() {
        assertThat(names("tier in (web,db)")).containsExactly("a", "b");
        assertThat(names("tier notin (web,db)")).containsExactly("c", "d");
        assertThat(names("tier")).containsExactly("a", "b", "c");
        assertThat(names("!tier")).containsExactly("d");
        assertThat(names("tier,canary=yes")).containsExactly("c");
        assertThat(names("tier!=web")).containsExactly("b", "c", "d");
    }

    @Test
    void badSelectorIs400NamingIt() {
        Http.Response r = http.get(CM + "?labelSelector=" + java.net.URLEncoder.encode("tier in (web", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.message()).contains("tier in (web");
    }

    @Test
    void pagingWithLimitAndContinue() {
        JsonNode first = http.get(CM + "?limit=2").body();
        assertThat(first.path("items")).hasSize(2);
        String token = first.at("/metadata/continue").asText();
        assertThat(token).isNotEmpty();
        JsonNode rest = http.get(CM + "?limit=10&continue=" + token).body();
        assertThat(rest.path("items").get(0).at("/metadata/name").asText()).isEqualTo("c");
        assertThat(rest.at("/metadata/continue").isMissingNode()).isTrue();
    }

    @Test
    void mainResourceWritesKeepStatusAndStatusWritesKeepSpec() {
        String path = "/apis/apps/v1/namespaces/default/deployments/web";
        http.apply(path, "t", """
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: web},
                 spec: {replicas: 1, selector: {matchLabels: {app: web}},
                        template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}},
                 status: {readyReplicas: 99}}""");
        assertThat(http.get(path).body().has("status")).as("status in a create is dropped").isFalse();

        ObjectNode live = (ObjectNode) http.get(path).body();
        live.putObject("status").put("readyReplicas", 1).put("observedGeneration", 1);
        Http.Response status = http.put(path + "/status", live);
        assertThat(status.code()).isEqualTo(200);

        ObjectNode next = (ObjectNode) http.get(path).body();
        ((ObjectNode) next.get("spec")).put("replicas", 2);
        next.putObject("status").put("readyReplicas", 42);
        Http.Response main = http.put(path, next);
        assertThat(main.body().at("/status/readyReplicas").asInt()).as("a PUT of the Deployment keeps its status").isEqualTo(1);
        assertThat(main.body().at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(main.body().at("/metadata/generation").asInt()).isEqualTo(2);

        ObjectNode viaStatus = (ObjectNode) http.get(path).body();
        ((ObjectNode) viaStatus.get("spec")).put("replicas", 7);
        ((ObjectNode) viaStatus.get("status")).put("readyReplicas", 2);
        Http.Response s = http.put(path + "/status", viaStatus);
        assertThat(s.body().at("/spec/replicas").asInt()).as("a status write keeps the spec").isEqualTo(2);
        assertThat(s.body().at("/status/readyReplicas").asInt()).isEqualTo(2);
        assertThat(s.body().at("/metadata/generation").asInt()).as("status writes do not move generation").isEqualTo(2);
    }

    /** The managedFields entry of {@code manager}'s {@code operation} on {@code subresource} ("" for the main resource). */
    private static JsonNode fields(JsonNode object, String manager, String subresource) {
        for (JsonNode e : object.at("/metadata/managedFields")) {
            if (e.path("manager").asText().equals(manager) && e.path("subresource").asText("").equals(subresource)) {
                return e.path("fieldsV1");
            }
        }
        return null;
    }

    @Test
    void statusWritesMoveOwnershipOfStatusFieldsOnly() {
        String path = "/apis/apps/v1/namespaces/default/deployments/owned";
        http.apply(path, "gitops", """
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: owned, labels: {app: owned}},
                 spec: {replicas: 1, selector: {matchLabels: {app: owned}},
                        template: {metadata: {labels: {app: owned}}, spec: {containers: [{name: web, image: nginx}]}}}}""");
        ObjectNode live = (ObjectNode) http.get(path).body();
        live.putObject("status").put("readyReplicas", 1).put("observedGeneration", 1)
                .putArray("conditions").addObject().put("type", "Available").put("status", "True");
        assertThat(http.put(path + "/status?fieldManager=deployment-controller", live).code()).isEqualTo(200);

        JsonNode after = http.get(path).body();
        assertThat(fields(after, "deployment-controller", "status")).as("fields in any order").isEqualTo(Json.readObject("{\"f:status\":{\"f:conditions\":{\"k:{\\\"type\\\":\\\"Available\\\"}\":{\".\":{},\"f:status\":{},\"f:type\":{}}},"
                        + "\"f:observedGeneration\":{},\"f:readyReplicas\":{}}}"));
        JsonNode spec = fields(after, "gitops", "");
        assertThat(spec.has("f:spec")).as("the applier keeps its spec").isTrue();
        assertThat(spec.has("f:status")).isFalse();

        // another writer changes one status field and drops another: it takes the first, nobody keeps the second
        ObjectNode next = (ObjectNode) http.get(path).body();
        ((ObjectNode) next.get("status")).put("readyReplicas", 2).remove("observedGeneration");
        assertThat(http.put(path + "/status?fieldManager=scaler", next).code()).isEqualTo(200);
        JsonNode last = http.get(path).body();
        assertThat(fields(last, "scaler", "status")).isEqualTo(Json.readObject("{\"f:status\":{\"f:readyReplicas\":{}}}"));
        assertThat(fields(last, "deployment-controller", "status").path("f:status").has("f:readyReplicas")).isFalse();
        assertThat(fields(last, "deployment-controller", "status").path("f:status").has("f:observedGeneration"))
                .as("a field that is gone is owned by nobody").isFalse();
        assertThat(fields(last, "deployment-controller", "status").path("f:status").has("f:conditions")).isTrue();
        assertThat(fields(last, "gitops", "")).isEqualTo(spec);
    }

    @Test
    void patchTypes() {
        String path = CM + "/patched";
        http.apply(path, "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: patched}, data: {a: '1', b: '2'}}");
        assertThat(http.patch(path, Http.MERGE, Http.yaml("{data: {a: null, c: '3'}}")).body().path("data").toString())
                .isEqualTo("{\"b\":\"2\",\"c\":\"3\"}");
        assertThat(http.patch(path, Http.JSON_PATCH, Http.yaml("[{op: replace, path: /data/b, value: '20'}]")).body().at("/data/b").asText())
                .isEqualTo("20");
        Http.Response failedTest = http.patch(path, Http.JSON_PATCH, Http.yaml("[{op: test, path: /data/b, value: 'nope'}]"));
        assertThat(failedTest.code()).isEqualTo(422);
        String deploy = "/apis/apps/v1/namespaces/default/deployments/smp";
        http.apply(deploy, "t", """
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: smp},
                 spec: {selector: {matchLabels: {app: smp}},
                        template: {metadata: {labels: {app: smp}}, spec: {containers: [{name: a, image: a:1}, {name: b, image: b:1}]}}}}""");
        Http.Response smp = http.patch(deploy, Http.STRATEGIC, Http.yaml("{spec: {template: {spec: {containers: [{name: b, image: b:2}]}}}}"));
        assertThat(smp.body().at("/spec/template/spec/containers/0/image").asText()).isEqualTo("a:1");
        assertThat(smp.body().at("/spec/template/spec/containers/1/image").asText()).isEqualTo("b:2");
    }

    @Test
    void unknownPatchTypeIs415() {
        assertThat(http.send("PATCH", CM + "/a", "text/plain", "x").code()).isEqualTo(415);
    }
}
