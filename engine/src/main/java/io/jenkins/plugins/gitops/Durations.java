package io.jenkins.plugins.gitops;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of durations, for every command and step: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 1h}, {@code 1h30m}. A unit is required (a bare {@code 300} could mean seconds or minutes,
 * and the two faces read it differently before), and a timeout of zero or less is refused up front:
 * a sync with {@code --timeout -5} used to leave a CRD applied and its custom resources not.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final String FORMS = "write it like 30s, 10m, 1h or 1h30m";

    private Durations() {
    }

    /** A duration greater than zero. */
    public static Duration positive(String value, String what) {
        Duration d = nonNegative(value, what);
        if (d.isZero()) {
            throw bad(what + " '" + value + "' must be longer than zero; " + FORMS);
        }
        return d;
    }

    /** A duration of zero or more ({@code 0ms} for "no delay"). */
    public static Duration nonNegative(String value, String what) {
        if (value == null || value.isBlank()) {
            throw bad(what + " is empty; " + FORMS);
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("-")) {
            throw bad(what + " '" + value + "' is negative; " + FORMS);
        }
        if (v.matches("\\d+")) {
            throw bad(what + " '" + value + "' has no unit; " + FORMS);
        }
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw bad(what + " '" + value + "' is too long");
            }
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != v.length()) {
            throw bad(what + " '" + value + "' is not a duration; " + FORMS);
        }
        return total;
    }

    /**
     * A step parameter that used to be a number of minutes: an integer (or its text) still means
     * minutes, so {@code timeout: 15} keeps working; anything else is read as {@link #positive}.
     */
    public static Duration minutesOrDuration(Object value, String what) {
        if (value instanceof Number n) {
            return minutes(n.longValue(), what, String.valueOf(value));
        }
        String v = value == null ? "" : value.toString().strip();
        if (v.matches("-?\\d+")) {
            return minutes(Long.parseLong(v), what, v);
        }
        return positive(v, what);
    }

    private static Duration minutes(long n, String what, String text) {
        if (n <= 0) {
            throw bad(what + " '" + text + "' must be longer than zero; " + FORMS + " (a bare number is minutes)");
        }
        return Duration.ofMinutes(n);
    }

    /** The short form people write: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 500ms}. */
    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            b.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || b.length() == 0) {
            b.append(s).append('s');
        }
        return b.toString();
    }

    private static GitopsException bad(String message) {
        return new GitopsException(message).asBadInput();
    }
}
