package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The emulator's JSON and YAML codecs. YAML goes through Jackson's safe tree model only: no tags, no types. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
            .loaderOptions(loaderOptions()).build()).build();

    private Json() {
    }

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        // The largest Kubeflow CRDs are about 1.3 MB; leave room for bigger ones, not for bombs.
        o.setCodePointLimit(64 * 1024 * 1024);
        o.setMaxAliasesForCollections(50);
        return o;
    }

    /**
     * Parses a request body as JSON, or YAML when the content type says so. A YAML body that is
     * JSON (what kubectl and fabric8 send as {@code application/apply-patch+yaml}) is read by the
     * JSON parser, as kube-apiserver's YAML decoder does: several times faster than the YAML
     * parser on the large CRDs; a body that only YAML can read (a flow mapping {@code {a: b}})
     * still parses as YAML.
     */
    public static JsonNode parse(byte[] body, String contentType) {
        try {
            boolean yaml = contentType != null && contentType.contains("yaml");
            if (yaml && looksLikeJson(body)) {
                try {
                    return MAPPER.readTree(body);
                } catch (JsonProcessingException notJson) {
                    return YAML.readTree(body);
                }
            }
            return (yaml ? YAML : MAPPER).readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid " + (contentType != null && contentType.contains("yaml") ? "YAML" : "JSON")
                    + ": " + getOriginalMessage(e));
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    public static ObjectNode parseObject(byte[] body, String contentType) {
        JsonNode n = parse(body, contentType);
        if (n == null || !n.isObject()) {
            throw ApiException.badRequest("the request body must be an object");
        }
        return (ObjectNode) n;
    }

    public static ObjectNode readObject(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String compact(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object at {@code field}, created when absent or not an object. */
    public static ObjectNode obj(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    private static String getOriginalMessage(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
