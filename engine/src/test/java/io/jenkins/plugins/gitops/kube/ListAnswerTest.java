package io.jenkins.plugins.gitops.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A LIST is read without its items' managed fields, and with everything else of the answer. */
class ListAnswerTest {

    private static final ApiResource CONFIGMAPS = new ApiResource("", "v1", "ConfigMap", "configmaps", true);

    @Test
    void onlyTheItemsManagedFieldsAreLeftOut() throws Exception {
        String answer = """
                {"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"7","continue":"abc","managedFields":"kept"},
                 "items":[
                  {"metadata":{"name":"a","managedFields":[{"manager":"m","fieldsV1":{"f:data":{"f:x":{}}}}],"labels":{"l":"1"}},
                   "data":{"managedFields":"a key of the data, kept","x":"1"}},
                  {"metadata":{"managedFields":[]}},
                  {"metadata":{"name":"c","annotations":{}},"spec":{"metadata":{"managedFields":"nested deeper, kept"}},"list":[[],{},null,1.5,true]}
                 ]}""";
        JsonNode list = ListAnswer.read(answer.getBytes(StandardCharsets.UTF_8));
        ObjectNode whole = (ObjectNode) Cluster.JSON.readTree(answer);
        for (JsonNode item : whole.path("items")) {
            ((ObjectNode) item.path("metadata")).remove("managedFields");
        }
        assertThat(list).isEqualTo(whole);
        assertThat(list.at("/items/1/metadata").isObject()).as("an emptied metadata stays").isTrue();
        assertThat(ListAnswer.read(new byte[0])).isEqualTo(Cluster.JSON.createObjectNode());
        assertThat(ListAnswer.read("{\"items\":[]}".getBytes(StandardCharsets.UTF_8)).path("items").isArray()).isTrue();
        assertThatThrownBy(() -> ListAnswer.read("{\"items\":[{\"metadata\":".getBytes(StandardCharsets.UTF_8))).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aListOfManyPagesHasEveryObjectAsAGetReadsItLessItsManagedFields() {
        try (KubeEmulator kube = KubeEmulator.start(); Cluster cluster = Cluster.of(kube.config())) {
            ObjectNode ns = Cluster.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            ns.putObject("metadata").put("name", "shop");
            cluster.apply(new ApiResource("", "v1", "Namespace", "namespaces", false), ns, "test", false, false);
            for (int i = 0; i < 620; i++) {
                ObjectNode cm = Cluster.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
                cm.putObject("metadata").put("name", "cm-" + i).put("namespace", "shop").putObject("labels").put("app", "shop");
                cm.putObject("data").put("k", "v" + i);
                cluster.apply(CONFIGMAPS, cm, "gitops", false, false);
                cm.with("data").put("other", "by another manager");
                cluster.apply(CONFIGMAPS, cm, "kubectl", true, false);
            }
            long lists = cluster.calls().count("list");
            List<ObjectNode> items = cluster.list(CONFIGMAPS, "shop", "app=shop");
            assertThat(cluster.calls().count("list") - lists).as("pages of 500").isEqualTo(2);
            assertThat(items).hasSize(620);
            for (ObjectNode item : List.of(items.get(0), items.get(499), items.get(500), items.get(619))) {
                ObjectNode got = cluster.get(CONFIGMAPS, "shop", item.at("/metadata/name").asText()).orElseThrow();
                assertThat(got.at("/metadata/managedFields").size()).as("a GET keeps them").isEqualTo(2);
                ((ObjectNode) got.get("metadata")).remove("managedFields");
                assertThat(item).isEqualTo(got);
            }
            assertThat(items).allSatisfy(i -> assertThat(i.at("/metadata/managedFields").isMissingNode()).isTrue());
        }
    }
}
