package io.jenkins.plugins.gitops.render.chart;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A chart in a chart repository, as Argo CD's {@code spec.source} with {@code repoURL},
 * {@code chart} and {@code targetRevision}. Two kinds of repository:
 * <ul>
 * <li>classic HTTP(S) repositories ({@code https://charts.example.com/stable}) serving {@code index.yaml};</li>
 * <li>OCI registries: {@code oci://host/path}, or Argo CD's scheme-less {@code host/path}.</li>
 * </ul>
 * User info in an HTTP URL ({@code https://user:pw@host}) is moved into the credentials so the URL can be logged.
 *
 * @param repoURL the repository, without credentials and without a trailing slash
 * @param chart the chart name
 * @param version an exact version, or a semver constraint ({@code 1.2.*}, {@code >=1.0 <2}, {@code ^1.4}); "" or {@code *} for the newest stable one
 * @param credentials how to authenticate
 * @param passCredentials send the credentials to chart URLs on other hosts than the repository's (Argo CD's and Helm's {@code passCredentials})
 */
public record ChartSource(String repoURL, String chart, String version, ChartCredentials credentials, boolean passCredentials) {

    public ChartSource {
        Objects.requireNonNull(repoURL, "repoURL");
        Objects.requireNonNull(chart, "chart");
        credentials = credentials == null ? ChartCredentials.none() : credentials;
        version = version == null ? "" : version.strip();
        repoURL = repoURL.strip();
        while (repoURL.endsWith("/")) {
            repoURL = repoURL.substring(0, repoURL.length() - 1);
        }
        if (repoURL.isEmpty()) {
            throw new ChartException("chart repository URL is empty");
        }
        chart = chart.strip();
        if (chart.isEmpty() || chart.contains("..") || chart.startsWith("/") || chart.contains("\\")) {
            throw new ChartException("chart repository " + repoURL + ": invalid chart name '" + chart + "'");
        }
        if (isHttp(repoURL)) {
            try {
                URI uri = new URI(repoURL);
                if (uri.getRawUserInfo() != null) {
                    String[] userInfo = uri.getUserInfo().split(":", 2);
                    if (credentials instanceof ChartCredentials.None) {
                        credentials = ChartCredentials.basic(userInfo[0], userInfo.length > 1 ? userInfo[1] : "");
                    }
                    repoURL = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null).toString();
                }
            } catch (URISyntaxException e) {
                // Never echo the input: it may hold a password.
                throw new ChartException("chart repository URL is not a valid URL (" + e.getReason() + ")");
            }
        }
    }

    public static ChartSource of(String repoURL, String chart, String version) {
        return new ChartSource(repoURL, chart, version, ChartCredentials.none(), false);
    }

    public ChartSource withCredentials(ChartCredentials c) {
        return new ChartSource(repoURL, chart, version, c, passCredentials);
    }

    public ChartSource withPassCredentials(boolean pass) {
        return new ChartSource(repoURL, chart, version, credentials, pass);
    }

    /** An OCI registry rather than an HTTP repository: {@code oci://} or no scheme at all, as Argo CD writes it. */
    public boolean isOci() {
        return !isHttp(repoURL);
    }

    private static boolean isHttp(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://");
    }

    /** {@code repo chart@version} for messages. */
    public String describe() {
        return "chart repository " + repoURL + ": chart '" + chart + "'" + (version.isEmpty() ? "" : " version '" + version + "'");
    }

    @Override
    public String toString() {
        return "ChartSource[" + repoURL + ", chart=" + chart + ", version=" + version + ", " + credentials + "]";
    }
}
