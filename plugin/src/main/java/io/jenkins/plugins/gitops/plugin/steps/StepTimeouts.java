package io.jenkins.plugins.gitops.plugin.steps;

import hudson.Util;
import io.jenkins.plugins.gitops.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps' {@code timeout} parameters read as every command reads durations ({@code 30s},
 * {@code 10m}, {@code 1h}, through the engine's {@link Durations}), zero and negative refused when the
 * step is configured. They used to be integers of minutes: a bare number still means minutes, so
 * {@code timeout: 15} and saved freestyle jobs ({@code <timeout>15</timeout>}) keep working.
 */
public final class StepTimeouts {

    private StepTimeouts() {
    }

    /** The text to keep: {@code value} once checked, or {@code defaultValue} when it is empty. */
    static String check(String value, String defaultValue) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return defaultValue;
        }
        Durations.minutesOrDuration(v, "timeout");
        return v;
    }

    static Duration of(String value) {
        return Durations.minutesOrDuration(value, "timeout");
    }

    /** A Pipeline's {@code timeout: 15} is an Integer; the setter takes text, so numbers become their text here. */
    static Map<String, Object> normalize(Map<String, Object> arguments) {
        if (!(arguments.get("timeout") instanceof Number n)) {
            return arguments;
        }
        Map<String, Object> out = new LinkedHashMap<>(arguments);
        out.put("timeout", n.toString());
        return out;
    }
}
