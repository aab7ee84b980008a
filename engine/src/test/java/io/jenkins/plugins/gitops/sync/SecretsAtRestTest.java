package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.RetryPolicy;
import io.jenkins.plugins.gitops.testkit.kube.Json;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No Secret value at rest outside the Secret itself: history ConfigMaps, annotations, events and history JSON. */
class SecretsAtRestTest {

    static final String V1 = "Pl4nted-S3cret-Value-7731";
    static final String V2 = "Pl4nted-S3cret-Value-8842";

    private KubeEmulator kube;
    private Cluster cluster;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        kube = KubeEmulator.start();
        cluster = Cluster.of(kube.config(), new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200)));
        engine = new SyncEngine(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
        kube.close();
    }

    static String set(String value) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: default}
                data: {color: blue}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: default}
                stringData: {password: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: token, namespace: default}
                data: {token: %s}
                """.formatted(value, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    private SyncOptions.Builder opts() {
        return SyncOptions.builder("vault").initiator("test").timeout(Duration.ofSeconds(30));
    }

    @Test
    void twoSyncsOfAPlantedSecretLeaveNoValueInConfigMapsAnnotationsEventsOrHistory() throws Exception {
        assertThat(engine.sync(Manifests.of("r1", set(V1)), opts().build()).succeeded()).isTrue();
        assertThat(engine.sync(Manifests.of("r2", set(V2)), opts().build()).succeeded()).isTrue();
        assertThat(secretValue("token", "token")).as("the Secret itself is synced").isEqualTo(V2);

        Map<String, Integer> found = occurrences(List.of(V1, V2));
        assertThat(found).as("occurrences of the values, plain and base64, per place: %s", found).allSatisfy((k, n) -> assertThat(n).isZero());
        assertThat(found.get("places")).isNull();
        assertThat(scanned).as("ConfigMaps, objects' metadata and history entries were scanned").isGreaterThan(5);
        assertThat(engine.history(opts().build())).hasSize(2);

        // pruned and rotated: still nothing
        assertThat(engine.sync(Manifests.of("r3", set(V2).substring(0, set(V2).indexOf("---"))), opts().prune(true).build()).succeeded()).isTrue();
        assertThat(occurrences(List.of(V1, V2))).allSatisfy((k, n) -> assertThat(n).isZero());
    }

    @Test
    void aSyncLeavesTheRenderedSetAsItWasRenderedSecretsIncluded() throws Exception {
        io.jenkins.plugins.gitops.render.RenderedSet rendered = Manifests.of("r1", set(V1));
        List<String> before = rendered.kubeObjects().stream().map(o -> o.tree().toString()).toList();
        assertThat(engine.sync(rendered, opts().build()).succeeded()).isTrue();
        // the history stores the set's own trees, stubbing Secrets as new objects: the set keeps its values
        assertThat(rendered.kubeObjects().stream().map(o -> o.tree().toString()).toList()).isEqualTo(before);
        assertThat(before.get(1)).contains(V1);
        assertThat(occurrences(List.of(V1))).allSatisfy((k, n) -> assertThat(n).isZero());
    }

    int scanned;

    /** Every ConfigMap (binaryData un-gzipped), every object's metadata in every served type, every Event, the history JSON. */
    private Map<String, Integer> occurrences(List<String> values) throws IOException {
        scanned = 0;
        List<String> needles = new java.util.ArrayList<>();
        for (String v : values) {
            needles.add(v);
            needles.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (ResourceType type : kube.api().types().all()) {
            JsonNode items = kube.api().list(type, null, null, null, 0, null, type.preferredVersion()).path("items");
            for (JsonNode o : items) {
                String where = type.kind() + "/" + o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
                StringBuilder text = new StringBuilder();
                if (type.kind().equals("Secret")) {
                    text.append(o.path("metadata").toString()); // its data holds the value by design; its metadata must not
                } else {
                    text.append(o.toString());
                }
                if (type.kind().equals("ConfigMap")) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = o.path("binaryData").fields(); it.hasNext();) {
                        text.append(gunzipped(Base64.getDecoder().decode(it.next().getValue().asText())));
                    }
                }
                scanned++;
                int n = count(text.toString(), needles);
                if (n > 0) {
                    out.put(where, n);
                }
            }
        }
        String history = new ObjectMapper().writeValueAsString(engine.history(opts().build()));
        scanned += engine.history(opts().build()).size();
        out.put("history JSON", count(history, needles));
        return out;
    }

    private static int count(String text, List<String> needles) {
        int n = 0;
        for (String needle : needles) {
            for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
                n++;
            }
        }
        return n;
    }

    private static String gunzipped(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException notGzip) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private String secretValue(String name, String key) {
        ObjectNode s = cluster.get(cluster.resolver().resolve("v1", "Secret"), "default", name).orElseThrow();
        if (s.path("stringData").has(key)) {
            return s.path("stringData").path(key).asText(); // the emulator keeps stringData as written (kube-apiserver folds it into data)
        }
        return new String(Base64.getDecoder().decode(s.path("data").path(key).asText()), StandardCharsets.UTF_8);
    }

    @Test
    void aSecretCarryingKubectlsLastAppliedCopyIsRefusedBeforeAnyWrite() {
        String withCopy = set(V1).replace("metadata: {name: creds, namespace: default}", """
                metadata:
                  name: creds
                  namespace: default
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"%s"}}'""".formatted(V1));
        assertThatThrownBy(() -> engine.sync(Manifests.of("r1", withCopy), opts().build()))
                .hasMessage("Secret/default/creds: annotation kubectl.kubernetes.io/last-applied-configuration holds the Secret's values in plain text;"
                        + " remove it from the manifest (a server-side apply needs none)");
        assertThat(kube.requests().writes()).isZero();
    }

    @Test
    void diffLastAppliedComparesSecretsByDigest() {
        engine.sync(Manifests.of("r1", set(V1)), opts().build());
        SyncResult clean = engine.diffLastApplied(opts().build()).orElseThrow();
        assertThat(clean.inSync()).as(clean.table()).isTrue();
        assertThat(clean.objects()).filteredOn(o -> o.key().kind().equals("Secret")).extracting(o -> o.action())
                .containsExactly(Action.UNCHANGED, Action.UNCHANGED);

        kube.apply(Json.readObject("""
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"token","namespace":"default"},"data":{"token":"%s"}}"""
                .formatted(Base64.getEncoder().encodeToString(V2.getBytes(StandardCharsets.UTF_8)))), "kubectl-edit");
        SyncResult drift = engine.diffLastApplied(opts().build()).orElseThrow();
        assertThat(drift.inSync()).isFalse();
        ObjectResult token = drift.objects().stream().filter(o -> o.key().name().equals("token")).findFirst().orElseThrow();
        assertThat(token.action()).isEqualTo(Action.CONFIGURED);
        assertThat(token.reason()).contains("compared by digest");
        assertThat(drift.objects()).filteredOn(o -> o.key().name().equals("creds")).extracting(ObjectResult::action).containsExactly(Action.UNCHANGED);
        assertThat(drift.toJson(true).toString()).doesNotContain(V1).doesNotContain(V2);
        assertThat(drift.objects()).as("stored Secrets are not reported as extra objects").noneMatch(o -> o.reason().startsWith("extra"));
    }

    @Test
    void rollbackRendersTheSecretsAgainAndSaysFromWhere() {
        RenderSource src = RenderSource.git("https://user:tok3n@git.example.com/ml.git", "r1", "apps/vault", "auto");
        assertThat(src.repo()).as("no credentials in history").isEqualTo("https://git.example.com/ml.git");
        engine.sync(Manifests.of("r1", set(V1)), opts().source(src).build());
        engine.sync(Manifests.of("r2", set(V2)), opts().source(RenderSource.git("https://git.example.com/ml.git", "r2", "apps/vault", "auto")).build());
        assertThat(engine.history(opts().build()).get(0).source()).isEqualTo(src);

        long writes = kube.requests().count("apply") + kube.requests().count("create") + kube.requests().count("delete");
        long updates = kube.requests().count("update");
        assertThatThrownBy(() -> engine.rollback(1, opts().build()))
                .hasMessageContaining("history entry 1 keeps its Secrets as digests only (Secret/default/creds, Secret/default/token)")
                .hasMessageContaining("https://git.example.com/ml.git at r1 path apps/vault").hasMessageContaining("nothing was written");
        assertThatThrownBy(() -> engine.rollback(1, opts().build(), e -> Manifests.of(e.revision(), set("not-what-it-was"))))
                .hasMessageContaining("Secret/default/creds: the new render differs from what history entry 1 applied (by digest)")
                .hasMessageContaining("nothing was written");
        assertThat(kube.requests().count("apply") + kube.requests().count("create") + kube.requests().count("delete"))
                .as("refused rollbacks write nothing").isEqualTo(writes);
        assertThat(kube.requests().count("update") - updates).as("but their Lease, taken and released twice").isEqualTo(4);
        assertThat(secretValue("token", "token")).isEqualTo(V2);

        SyncResult back = engine.rollback(1, opts().build(), e -> {
            assertThat(e.source()).isEqualTo(src);
            return Manifests.of(e.revision(), set(V1));
        });
        assertThat(back.succeeded()).as(back.table()).isTrue();
        assertThat(back.message()).isEqualTo("restored 2 Secret(s) of history entry 1 by rendering https://git.example.com/ml.git at r1 path apps/vault"
                + " again: Secret/default/creds, Secret/default/token");
        assertThat(secretValue("token", "token")).isEqualTo(V1);
        assertThat(secretValue("creds", "password")).isEqualTo(V1);
        assertThat(engine.history(opts().build()).get(2).source()).as("the rollback's entry keeps the source").isEqualTo(src);
    }

    @Test
    void manifestsStoredWithSecretValuesByAnOlderVersionAreRewrittenAtTheNextRecord() throws Exception {
        engine.sync(Manifests.of("r1", set(V1)), opts().build());
        var cms = cluster.resolver().resolve("v1", "ConfigMap");
        ObjectNode chunk = cluster.list(cms, "gitops-system", "gitops.jenkins.io/manifests-of=vault").get(0);
        // as an older version stored it: the Secrets whole, no marker
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            new ObjectMapper().writeValue(out, Manifests.of("r1", set(V1)).kubeObjects().stream().map(o -> o.json()).toList());
        }
        ObjectNode old = chunk.deepCopy();
        ((ObjectNode) old.path("metadata").path("annotations")).remove(InventoryStore.SECRETS_ANNOTATION);
        old.with("binaryData").put("manifests.json.gz", Base64.getEncoder().encodeToString(gz.toByteArray()));
        ((ObjectNode) old.path("metadata")).remove("managedFields");
        cluster.update(cms, old, "older-version", false);
        assertThat(occurrences(List.of(V1))).as("planted as an older version would have").isNotEmpty().containsKey(
                "ConfigMap/gitops-system/" + chunk.path("metadata").path("name").asText());

        engine.sync(Manifests.of("r2", set(V2)), opts().build());
        assertThat(occurrences(List.of(V1, V2))).allSatisfy((k, n) -> assertThat(n).isZero());
        assertThat(engine.diffLastApplied(opts().build()).orElseThrow().inSync()).isTrue();
    }
}
