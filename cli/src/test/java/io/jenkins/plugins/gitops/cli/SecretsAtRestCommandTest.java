package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.testkit.git.GitRepoBuilder;
import io.jenkins.plugins.gitops.testkit.git.GitServer;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Through the CLI: a Secret synced from Git twice leaves no value in any ConfigMap, annotation,
 * event or the history JSON; a rollback renders the entry's revision again for its Secret and says so.
 */
class SecretsAtRestCommandTest {

    static final String V1 = "Cl1-Planted-Secret-1c3e";
    static final String V2 = "Cl1-Planted-Secret-9f0a";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private static Run gitops(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GitopsCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String app(String value) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {color: blue}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: db}
                data: {password: %s}
                """.formatted(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void syncTwiceFromGitThenRollBackRenderingTheSecretAgain() throws Exception {
        try (KubeEmulator kube = KubeEmulator.start(); GitServer server = GitServer.start();
                GitRepoBuilder repo = GitRepoBuilder.init(dir.resolve("origin"))) {
            String sha1 = repo.write("app/all.yaml", app(V1)).commit("v1");
            String sha2 = repo.write("app/all.yaml", app(V2)).commit("v2");
            String url = server.serve("shop", repo.gitDir());
            Path cache = dir.resolve("cache");
            String[] common = {"--app", "shop", "--kubeconfig", kube.writeKubeconfig(dir.resolve("kubeconfig")).toString(), "--cache-dir", cache.toString()};

            Run s1 = gitops(concat(concat(new String[] {"sync"}, common), "--repo", url, "--revision", sha1, "--path", "app"));
            assertThat(s1.code()).as(s1.err()).isZero();
            Run s2 = gitops(concat(concat(new String[] {"sync"}, common), "--repo", url, "--revision", sha2, "--path", "app"));
            assertThat(s2.code()).as(s2.err()).isZero();

            Run history = gitops(concat(concat(new String[] {"history"}, common), "--output", "json"));
            JsonNode h = new ObjectMapper().readTree(history.out());
            assertThat(h).hasSize(2);
            assertThat(h.get(0).path("source").path("repo").asText()).isEqualTo(url);
            assertThat(h.get(0).path("source").path("revision").asText()).isEqualTo(sha1);
            assertThat(h.get(0).path("source").path("path").asText()).isEqualTo("app");

            Map<String, Integer> found = occurrences(kube, history.out() + s1.out() + s2.out() + s1.err() + s2.err());
            System.out.println("SecretsAtRestCommandTest: occurrences of the planted values (plain and base64) after two syncs: " + found);
            assertThat(found).isNotEmpty().allSatisfy((where, n) -> assertThat(n).as(where).isZero());

            Run back = gitops(concat(concat(new String[] {"rollback"}, common), "--output", "json"));
            assertThat(back.code()).as(back.out() + back.err()).isZero();
            assertThat(new ObjectMapper().readTree(back.out()).path("message").asText())
                    .isEqualTo("restored 1 Secret(s) of history entry 1 by rendering " + url + " at " + sha1.substring(0, 12)
                            + " path app again: Secret/default/db");
            assertThat(kube.api().get(kube.api().types().byKind("v1", "Secret").orElseThrow(), "default", "db", "v1")
                    .path("data").path("password").asText()).isEqualTo(Base64.getEncoder().encodeToString(V1.getBytes(StandardCharsets.UTF_8)));
            assertThat(occurrences(kube, "")).allSatisfy((where, n) -> assertThat(n).as(where).isZero());

            Run drift = gitops(concat(concat(new String[] {"diff"}, common), "--last-applied"));
            assertThat(drift.code()).as("in sync, the Secret compared by digest: " + drift.out() + drift.err()).isZero();

            try (Stream<Path> files = Files.walk(cache.resolve("renders"))) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.resolve("renders")))).isEqualTo("rwx------");
                assertThat(files.filter(Files::isRegularFile).toList()).isNotEmpty().allSatisfy(f ->
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
            }
        }
    }

    @Test
    void aRollbackThatCannotRenderTheSecretsFailsNamingThemAndWritesNothing() throws Exception {
        try (KubeEmulator kube = KubeEmulator.start()) {
            String[] common = {"--app", "shop", "--kubeconfig", kube.writeKubeconfig(dir.resolve("kubeconfig")).toString()};
            Path v1 = Files.writeString(dir.resolve("v1.yaml"), app(V1));
            Path v2 = Files.writeString(dir.resolve("v2.yaml"), app(V2));
            assertThat(gitops(concat(concat(new String[] {"sync"}, common), "--manifests", v1.toString())).code()).isZero();
            assertThat(gitops(concat(concat(new String[] {"sync"}, common), "--manifests", v2.toString())).code()).isZero();
            long writes = kube.requests().count("apply") + kube.requests().count("create") + kube.requests().count("delete");

            Run back = gitops(concat(new String[] {"rollback"}, common));
            assertThat(back.code()).isNotZero();
            assertThat(back.err()).contains("history entry 1 was synced from a manifests file, not from Git: give that file with --manifests");
            assertThat(kube.requests().count("apply") + kube.requests().count("create") + kube.requests().count("delete")).isEqualTo(writes);

            Run wrongFile = gitops(concat(concat(new String[] {"rollback"}, common), "--manifests", v2.toString()));
            assertThat(wrongFile.code()).isNotZero();
            assertThat(wrongFile.err()).contains("Secret/default/db: the new render differs from what history entry 1 applied (by digest)");

            Run ok = gitops(concat(concat(new String[] {"rollback"}, common), "--manifests", v1.toString()));
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("restored 1 Secret(s) of history entry 1 by rendering the manifests given for the rollback again: Secret/default/db");
        }
    }

    /** Per ConfigMap (un-gzipped), per object's metadata (every served type), per Event, and in {@code extra}: the count of the values. */
    static Map<String, Integer> occurrences(KubeEmulator kube, String extra) throws IOException {
        List<String> needles = List.of(V1, V2, b64(V1), b64(V2));
        Map<String, Integer> out = new java.util.TreeMap<>();
        int configMaps = 0;
        int objects = 0;
        int events = 0;
        int hits = 0;
        for (ResourceType type : kube.api().types().all()) {
            for (JsonNode o : kube.api().list(type, null, null, null, 0, null, type.preferredVersion()).path("items")) {
                StringBuilder text = new StringBuilder(type.kind().equals("Secret") ? o.path("metadata").toString() : o.toString());
                for (Iterator<Map.Entry<String, JsonNode>> it = o.path("binaryData").fields(); it.hasNext();) {
                    text.append(gunzipped(Base64.getDecoder().decode(it.next().getValue().asText())));
                }
                objects++;
                configMaps += type.kind().equals("ConfigMap") ? 1 : 0;
                events += type.kind().equals("Event") ? 1 : 0;
                hits += count(text.toString(), needles);
            }
        }
        out.put("objects (" + objects + ", of which " + configMaps + " ConfigMaps and " + events + " Events)", hits);
        out.put("command output and history JSON", count(extra, needles));
        return out;
    }

    private static String b64(String v) {
        return Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8));
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

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
