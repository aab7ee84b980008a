package io.jenkins.plugins.gitops.render.chart;

import io.jenkins.plugins.gitops.RenderException;

/**
 * A chart could not be fetched: unknown chart or version, refused access, a digest mismatch, an
 * unsafe archive. Messages name the repository URL (without credentials), the chart and the version.
 */
public class ChartException extends RenderException {

    private static final long serialVersionUID = 1L;

    public ChartException(String message) {
        super(message);
    }

    public ChartException(String message, Throwable cause) {
        super(message, cause);
    }
}
