package io.jenkins.plugins.gitops.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Duration options ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}) through the engine's one
 * reader, {@link io.jenkins.plugins.gitops.Durations}: a unit is required and zero or less is
 * refused, so picocli stops with exit code 2 before anything runs.
 */
public final class Durations implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (RuntimeException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    public static Duration parse(String value) {
        return io.jenkins.plugins.gitops.Durations.positive(value, "");
    }

    /** For delays, where {@code 0ms} (none) makes sense. */
    public static final class NonNegative implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return io.jenkins.plugins.gitops.Durations.nonNegative(value, "");
            } catch (RuntimeException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
