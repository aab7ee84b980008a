package io.jenkins.plugins.gitops.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jsonnet settings of a folder source, as Argo CD's {@code spec.source.directory.jsonnet}.
 *
 * @param extVars external variables ({@code std.extVar}) as strings ({@code extVars} entries without {@code code: true})
 * @param extCode external variables as Jsonnet code ({@code code: true})
 * @param tlas top-level arguments as strings
 * @param tlaCode top-level arguments as Jsonnet code
 * @param libs library search paths ({@code -J}), relative to the repository root; they must stay inside it
 */
public record JsonnetOptions(Map<String, String> extVars, Map<String, String> extCode, Map<String, String> tlas, Map<String, String> tlaCode,
        List<String> libs) {

    public JsonnetOptions {
        extVars = copy(extVars);
        extCode = copy(extCode);
        tlas = copy(tlas);
        tlaCode = copy(tlaCode);
        libs = List.copyOf(libs == null ? List.of() : libs);
    }

    private static Map<String, String> copy(Map<String, String> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m == null ? Map.of() : m));
    }

    public static JsonnetOptions none() {
        return new JsonnetOptions(Map.of(), Map.of(), Map.of(), Map.of(), List.of());
    }

    List<String> key() {
        List<String> k = new ArrayList<>();
        if (!equals(none())) {
            k.add("jsonnet.ext=" + extVars);
            k.add("jsonnet.extCode=" + extCode);
            k.add("jsonnet.tla=" + tlas);
            k.add("jsonnet.tlaCode=" + tlaCode);
            k.add("jsonnet.libs=" + libs);
        }
        return k;
    }
}
