package io.jenkins.plugins.gitops.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request bodies: JSON sent as YAML takes the JSON parser, and YAML that only looks like JSON still parses. */
class JsonTest {

    private static final String APPLY = "application/apply-patch+yaml";

    @Test
    void aJsonBodySentAsYamlReadsAsJson() {
        String body = " \n{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"on\":\"yes\",\"n\":\"010\"}}";
        assertThat(Json.parseObject(bytes(body), APPLY).path("data").path("on").asText()).isEqualTo("yes");
        assertThat(Json.parseObject(bytes(body), APPLY).path("data").path("n").asText()).isEqualTo("010");
    }

    @Test
    void aYamlFlowMappingIsStillYaml() {
        assertThat(Json.parseObject(bytes("{kind: ConfigMap, data: {a: b}}"), APPLY).at("/data/a").asText()).isEqualTo("b");
        assertThat(Json.parseObject(bytes("kind: ConfigMap\ndata:\n  a: b\n"), APPLY).at("/data/a").asText()).isEqualTo("b");
    }

    @Test
    void brokenBodiesAreBadRequestsNamingTheFormat() {
        assertThatThrownBy(() -> Json.parseObject(bytes("{\"kind\": [}"), APPLY)).isInstanceOf(ApiException.class).hasMessageContaining("YAML");
        assertThatThrownBy(() -> Json.parseObject(bytes("{\"kind\": [}"), "application/json")).isInstanceOf(ApiException.class).hasMessageContaining("JSON");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
