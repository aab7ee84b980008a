package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dryRun=All answers what would be stored and stores nothing, for every verb. */
class DryRunTest {

    private static final String CM = "/api/v1/namespaces/default/configmaps";
    private KubeEmulator kube;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
        http = new Http(kube);
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private long version() {
        return Long.parseLong(http.get(CM).body().at("/metadata/resourceVersion").asText());
    }

    @Test
    void createDryRunAnswersTheObjectAndStoresNothing() {
        long before = version();
        Http.Response r = http.post(CM + "?dryRun=All", Http.yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}"));
        assertThat(r.code()).isEqualTo(201);
        assertThat(r.body().at("/metadata/uid").asText()).isNotEmpty();
        assertThat(r.body().at("/data/a").asText()).isEqualTo("b");
        assertThat(http.get(CM + "/c").code()).isEqualTo(404);
        assertThat(version()).isEqualTo(before);
    }

    @Test
    void applyDryRunOnCreateAndOnUpdate() {
        Http.Response create = http.apply(CM + "/c?dryRun=All", "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}");
        assertThat(create.code()).isEqualTo(200);
        assertThat(http.get(CM + "/c").code()).isEqualTo(404);

        http.apply(CM + "/c", "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}");
        long before = version();
        Http.Response update = http.apply(CM + "/c?dryRun=All", "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: changed}}");
        assertThat(update.body().at("/data/a").asText()).isEqualTo("changed");
        assertThat(http.get(CM + "/c").body().at("/data/a").asText()).isEqualTo("b");
        assertThat(version()).isEqualTo(before);
    }

    @Test
    void applyDryRunStillReportsConflicts() {
        http.apply(CM + "/c", "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}");
        Http.Response r = http.apply(CM + "/c?dryRun=All", "someone", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: x}}");
        assertThat(r.code()).isEqualTo(409);
    }

    @Test
    void updatePatchAndDeleteDryRunsChangeNothing() {
        http.apply(CM + "/c", "gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}");
        long before = version();
        ObjectNode live = (ObjectNode) http.get(CM + "/c").body();
        ((ObjectNode) live.get("data")).put("a", "put");
        assertThat(http.send("PUT", CM + "/c?dryRun=All", "application/json", live.toString()).body().at("/data/a").asText()).isEqualTo("put");
        assertThat(http.patch(CM + "/c?dryRun=All", Http.MERGE, Http.yaml("{data: {a: merged}}")).body().at("/data/a").asText()).isEqualTo("merged");
        assertThat(http.send("DELETE", CM + "/c?dryRun=All", null, null).code()).isEqualTo(200);
        assertThat(http.get(CM + "/c").body().at("/data/a").asText()).isEqualTo("b");
        assertThat(version()).isEqualTo(before);
    }
}
