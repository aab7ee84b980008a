package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Map;

/** Test input helpers: single-quoted JSON keeps table rows readable; YAML keeps manifests readable. */
final class TestJson {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    private static final ObjectMapper YAML = new YAMLMapper();

    private TestJson() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test YAML: " + text, e);
        }
    }

    /** Finds a strategic-merge directive key anywhere in the tree; null when there is none. */
    static String findDirective(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String k = e.getKey();
                if (k.equals("$patch") || k.equals("$retainKeys") || k.startsWith("$setElementOrder/") || k.startsWith("$deleteFromPrimitiveList/")) {
                    return k;
                }
                String inner = findDirective(e.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String inner = findDirective(item);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
