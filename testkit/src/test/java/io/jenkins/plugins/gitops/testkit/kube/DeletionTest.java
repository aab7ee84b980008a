package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finalizers, propagation policies, ownerReference garbage collection and namespace deletion. */
class DeletionTest {

    private static final String CM = "/api/v1/namespaces/default/configmaps/";
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

    private String owner(String name) {
        return http.apply(CM + name, "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: " + name + "}}").body().at("/metadata/uid").asText();
    }

    private void dependent(String name, String ownerName, String ownerUid, String finalizer) {
        String fin = finalizer == null ? "" : ", finalizers: [" + finalizer + "]";
        http.apply(CM + name, "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: " + name + fin
                + ", ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: " + ownerName + ", uid: " + ownerUid + "}]}}");
    }

    private static JsonNode policy(String p) {
        return Http.yaml("{kind: DeleteOptions, apiVersion: v1, propagationPolicy: " + p + "}");
    }

    private boolean gone(String name) {
        return http.get(CM + name).code() == 404;
    }

    @Test
    void backgroundDeletesTheOwnerNowAndDependentsAfter() {
        String uid = owner("owner");
        dependent("dep1", "owner", uid, null);
        dependent("dep2", "owner", uid, null);
        assertThat(http.delete(CM + "owner", policy("Background")).code()).isEqualTo(200);
        assertThat(gone("owner")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> gone("dep1") && gone("dep2"));
    }

    @Test
    void foregroundKeepsTheOwnerUntilDependentsAreGone() {
        String uid = owner("owner");
        dependent("dep", "owner", uid, "example.com/hold");
        JsonNode deleted = http.delete(CM + "owner", policy("Foreground")).body();
        assertThat(deleted.at("/metadata/deletionTimestamp").isTextual()).isTrue();
        assertThat(deleted.at("/metadata/finalizers").toString()).contains("foregroundDeletion");
        // the dependent is held by its own finalizer: the owner must wait
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get(CM + "dep").body().at("/metadata/deletionTimestamp").isTextual());
        assertThat(gone("owner")).isFalse();
        ObjectNode dep = (ObjectNode) http.get(CM + "dep").body();
        dep.with("metadata").putArray("finalizers");
        assertThat(http.put(CM + "dep", dep).code()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> gone("dep") && gone("owner"));
    }

    @Test
    void orphanLeavesDependentsWithoutTheOwnerReference() {
        String uid = owner("owner");
        dependent("dep", "owner", uid, null);
        http.delete(CM + "owner", policy("Orphan"));
        await().atMost(Duration.ofSeconds(5)).until(() -> gone("owner"));
        assertThat(gone("dep")).isFalse();
        assertThat(http.get(CM + "dep").body().at("/metadata/ownerReferences").isEmpty()).isTrue();
    }

    @Test
    void finalizersHoldAnObjectUntilRemoved() {
        http.apply(CM + "held", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: held, finalizers: [example.com/x]}}");
        http.delete(CM + "held", null);
        JsonNode held = http.get(CM + "held").body();
        assertThat(held.at("/metadata/deletionTimestamp").isTextual()).isTrue();
        Http.Response r = http.patch(CM + "held", Http.MERGE, Http.yaml("{metadata: {finalizers: null}}"));
        assertThat(r.code()).isEqualTo(200);
        assertThat(gone("held")).isTrue();
    }

    @Test
    void preconditionsAndBadPolicies() {
        owner("p");
        assertThat(http.delete(CM + "p", Http.yaml("{preconditions: {uid: not-the-uid}}")).code()).isEqualTo(409);
        assertThat(http.delete(CM + "p", policy("Sometimes")).code()).isEqualTo(400);
        assertThat(gone("p")).isFalse();
    }

    @Test
    void deletingANamespaceDeletesWhatIsInIt() {
        http.apply("/api/v1/namespaces/team", "t", "{apiVersion: v1, kind: Namespace, metadata: {name: team}}");
        http.apply("/api/v1/namespaces/team/configmaps/c", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}");
        JsonNode ns = http.delete("/api/v1/namespaces/team", null).body();
        assertThat(ns.at("/status/phase").asText()).isEqualTo("Terminating");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/v1/namespaces/team").code() == 404);
        assertThat(http.get("/api/v1/namespaces/team/configmaps/c").code()).isEqualTo(404);
    }

    @Test
    void deleteCollectionBySelector() {
        http.apply(CM + "x1", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: x1, labels: {app: x}}}");
        http.apply(CM + "x2", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: x2, labels: {app: x}}}");
        http.apply(CM + "y", "t", "{apiVersion: v1, kind: ConfigMap, metadata: {name: y, labels: {app: y}}}");
        assertThat(http.send("DELETE", "/api/v1/namespaces/default/configmaps?labelSelector=app%20in%20(x)", null, null).code()).isEqualTo(200);
        assertThat(gone("x1") && gone("x2")).isTrue();
        assertThat(gone("y")).isFalse();
    }
}
