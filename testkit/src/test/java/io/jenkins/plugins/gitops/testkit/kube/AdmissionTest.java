package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Simulated validating webhooks answer as kube-apiserver relays a denial, on every write verb and on dry runs. */
class AdmissionTest {

    private static final String CM = "/api/v1/namespaces/default/configmaps";
    private static final String DENIED = "admission webhook \"policy.example.com\" denied the request: color red is not allowed";
    private final List<AdmissionRequest> seen = new ArrayList<>();
    private KubeEmulator kube;
    private Http http;

    @BeforeEach
    void start() {
        kube = KubeEmulator.builder().admission(AdmissionRule.deny("policy.example.com", r -> {
            seen.add(r);
            return r.kind().equals("ConfigMap") && r.object().at("/data/color").asText().equals("red");
        }, "color red is not allowed")).start();
        http = new Http(kube);
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static void assertDenied(Http.Response r) {
        assertThat(r.code()).as(r.body().toString()).isEqualTo(400);
        assertThat(r.body().path("status").asText()).isEqualTo("Failure");
        assertThat(r.body().has("reason")).isFalse();
        assertThat(r.message()).isEqualTo(DENIED);
    }

    @Test
    void deniesCreateUpdatePatchAndApplyIncludingDryRuns() {
        String red = "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {color: red}}";
        assertDenied(http.post(CM, Http.yaml(red)));
        assertDenied(http.post(CM + "?dryRun=All", Http.yaml(red)));
        assertDenied(http.apply(CM + "/c", "gitops", red));
        assertThat(http.get(CM + "/c").code()).isEqualTo(404);

        assertThat(http.apply(CM + "/c", "gitops", red.replace("red", "blue")).code()).isEqualTo(200);
        assertDenied(http.apply(CM + "/c?dryRun=All", "gitops", red));
        assertDenied(http.put(CM + "/c", Http.yaml(red)));
        assertDenied(http.patch(CM + "/c", Http.MERGE, TestJson.json("{'data':{'color':'red'}}")));
        assertDenied(http.patch(CM + "/c", Http.JSON_PATCH, TestJson.json("[{'op':'replace','path':'/data/color','value':'red'}]")));
        assertThat(http.get(CM + "/c").body().at("/data/color").asText()).isEqualTo("blue");

        AdmissionRequest update = seen.get(seen.size() - 1);
        assertThat(update.operation()).isEqualTo("UPDATE");
        assertThat(update.namespace()).isEqualTo("default");
        assertThat(update.name()).isEqualTo("c");
        assertThat(update.oldObject().at("/data/color").asText()).isEqualTo("blue");
        assertThat(seen).anySatisfy(r -> assertThat(r.dryRun()).isTrue());
    }

    @Test
    void rulesAddedWhileRunningWithTheirOwnCodeAndReason() {
        AdmissionRule rule = AdmissionRule.deny("gatekeeper", r -> r.namespace().equals("default") && r.name().startsWith("tmp-"), "")
                .withStatus(403, "Forbidden");
        kube.admission().add(rule);
        Http.Response r = http.post(CM, Http.yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: tmp-1}}"));
        assertThat(r.code()).isEqualTo(403);
        assertThat(r.body().path("reason").asText()).isEqualTo("Forbidden");
        assertThat(r.message()).isEqualTo("admission webhook \"gatekeeper\" denied the request without explanation");
        kube.admission().remove(rule);
        assertThat(http.post(CM, Http.yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: tmp-1}}")).code()).isEqualTo(201);
    }

    @Test
    void builtInValidationComesFirstAndStatusWritesAreNotReviewed() {
        kube.admission().add(AdmissionRule.deny("all", r -> true, "no"));
        // the default namespace exists; a 422 from the server's own validation is answered before any webhook
        Http.Response r = http.post(CM, Http.yaml("{apiVersion: v1, kind: ConfigMap, metadata: {}}"));
        assertThat(r.code()).isEqualTo(422);
        kube.admission().clear();
        http.post("/apis/apps/v1/namespaces/default/deployments", Http.yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: nginx}]}}
                """));
        kube.admission().add(AdmissionRule.deny("all", x -> true, "no"));
        Http.Response status = http.patch("/apis/apps/v1/namespaces/default/deployments/web/status", Http.MERGE,
                TestJson.json("{'status':{'replicas':1}}"));
        assertThat(status.code()).isEqualTo(200);
        Http.Response immutable = http.patch("/apis/apps/v1/namespaces/default/deployments/web", Http.MERGE,
                TestJson.json("{'spec':{'selector':{'matchLabels':{'app':'x'}}}}"));
        assertThat(immutable.code()).isEqualTo(422);
    }
}
