package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SyncResult#toMap(boolean)}: the JSON form as plain Java values, the one form the CLI prints and the plugin returns. */
class SyncResultMapTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SyncResult result() {
        return new SyncResult("kfp", "0123456789abcdef0123456789abcdef01234567", "sha256:d", false, false, "1 object failed",
                List.of(new ObjectResult(new ResourceKey("apps", "Deployment", "ml", "web"), Phase.SYNC, 1, false, Action.CONFIGURED, "",
                                "-replicas: 1\n+replicas: 2\n"),
                        new ObjectResult(new ResourceKey("", "ConfigMap", "ml", "cfg"), Phase.SYNC, 0, false, Action.FAILED, "denied", ""),
                        new ObjectResult(new ResourceKey("batch", "Job", "ml", "migrate"), Phase.PRE_SYNC, -1, true, Action.CREATED, "", "")),
                4, 9, 1234, 3);
    }

    @Test
    void theMapIsTheJsonFormInPlainJavaValues() throws Exception {
        SyncResult r = result();
        Map<String, Object> m = r.toMap(false);
        assertThat(JSON.readTree(JSON.writeValueAsString(m))).as("the same as the JSON form").isEqualTo(JSON.readTree(r.toJson(false)));
        assertThat(m.keySet()).startsWith("app", "revision").contains("digest", "dryRun", "status", "message", "created", "durationMs", "objects");
        assertThat(m).containsEntry("status", "Failed").containsEntry("historyId", 3).containsEntry("writes", 4L);
        assertPlain(m);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) m.get("objects");
        assertThat(objects).extracting(o -> o.get("name")).containsExactly("web", "cfg", "migrate");
        assertThat(objects.get(0)).doesNotContainKey("diff");
        assertThat(objects.get(1)).containsEntry("reason", "denied");
        assertThat(objects.get(2)).containsEntry("hook", true).containsEntry("phase", "PreSync");
    }

    @Test
    void withDiffsTheChangedObjectsCarryTheirDiff() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) result().toMap(true).get("objects");
        assertThat(objects.get(0)).containsEntry("diff", "-replicas: 1\n+replicas: 2\n");
        assertThat(objects.get(1)).doesNotContainKey("diff");
    }

    private static void assertPlain(Object v) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlain(x);
            });
        } else if (v instanceof List<?> l) {
            l.forEach(SyncResultMapTest::assertPlain);
        } else {
            assertThat(v).isInstanceOfAny(String.class, Long.class, Integer.class, Boolean.class);
        }
    }
}
