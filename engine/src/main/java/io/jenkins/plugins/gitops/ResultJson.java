package io.jenkins.plugins.gitops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Writes a result's {@code toMap()} as JSON: every result record's {@code toJson()} is this of
 * its map, so that {@code --output json} and a step's return value have the same fields in the
 * same order.
 */
public final class ResultJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {
    }

    /** One line of JSON; the map holds only strings, numbers, booleans, lists and maps. */
    public static String write(Map<String, ?> map) {
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result map holds only plain values: " + e.getMessage(), e);
        }
    }
}
