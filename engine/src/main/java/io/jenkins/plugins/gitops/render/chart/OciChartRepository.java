package io.jenkins.plugins.gitops.render.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.registry.ImageReference;
import io.jenkins.plugins.gitops.registry.Manifest;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryCredentials;
import io.jenkins.plugins.gitops.registry.RegistryException;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Helm charts in an OCI registry ({@code helm push}): repository {@code <path>/<chart>}, one tag
 * per version ({@code +} written {@code _}, as Helm does, since tags cannot hold {@code +}), and
 * a manifest whose chart layer has the media type {@link #CHART_LAYER}. Talks to the registry
 * through the engine's one OCI client ({@link RegistryClient}, shared with the image update): the
 * same token and basic auth, retries, per-host TLS and plain-HTTP settings.
 */
final class OciChartRepository {

    static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    private final RegistryOptions registry;

    OciChartRepository(RegistryOptions registry) {
        this.registry = registry;
    }

    FetchedChart fetch(ChartSource source, ChartCache cache) {
        String where = "chart repository " + source.repoURL();
        String path = source.repoURL().replaceFirst("(?i)^oci://", "");
        int slash = path.indexOf('/');
        String host = slash < 0 ? path : path.substring(0, slash);
        ImageReference image;
        try {
            image = ImageReference.parse(path + "/" + source.chart());
        } catch (GitopsException e) {
            throw new ChartException(where + ": chart '" + source.chart() + "' is not a valid OCI repository name (" + e.getMessage() + ")");
        }
        RegistryClient client = new RegistryClient(options(host, source, where));
        String chartWhere = where + ": chart '" + source.chart() + "'";
        try {
            String version;
            Optional<Manifest> manifest;
            if (ChartVersions.isExact(source.version())) {
                version = source.version();
                manifest = client.manifest(image.withTag(tag(version)));
                if (manifest.isEmpty()) {
                    // Only now list the tags: the message shows what exists, the common case costs one request.
                    List<String> versions = versions(client.listTags(image));
                    throw new ChartException(chartWhere + ": no version " + version + " in the registry (newest: "
                            + String.join(", ", ChartVersions.newest(versions, ChartVersions.LISTED)) + ")");
                }
            } else {
                version = ChartVersions.choose(versions(client.listTags(image)), source.version(), chartWhere);
                manifest = client.manifest(image.withTag(tag(version)));
            }
            String what = chartWhere + " version " + version;
            JsonNode layer = chartLayer(manifest.orElseThrow(() -> new ChartException(what + ": the tag vanished while it was read")), what);
            String digest = layer.path("digest").asText();
            long size = layer.path("size").asLong(-1);
            if (size > HttpChartRepository.MAX_ARCHIVE_BYTES) {
                throw new ChartException(what + ": the chart layer is " + size + " bytes, more than the limit of " + HttpChartRepository.MAX_ARCHIVE_BYTES);
            }
            ImageReference ref = image.withTag(tag(version));
            return cache.get(source.repoURL(), source.chart(), version, Optional.of(digest), what, file -> {
                try {
                    Files.write(file, client.blob(ref, digest, CHART_LAYER + ", */*", "get chart layer " + digest));
                } catch (IOException e) {
                    throw new ChartException(what + ": cannot write " + file + ": " + e.getMessage(), e);
                }
            });
        } catch (RegistryException e) {
            if (e.status() == 404) {
                throw new ChartException(chartWhere + ": not found in the registry (" + e.getMessage() + ")", e);
            }
            throw new ChartException(where + ": " + source.credentials().redact(e.getMessage()), e);
        }
    }

    /**
     * The registry options for this source: its credentials on its host, and plain HTTP for a
     * loopback registry nobody configured, as Docker treats {@code 127.0.0.0/8} as insecure.
     */
    private RegistryOptions options(String host, ChartSource source, String where) {
        RegistryHostConfig config = registry.host(host);
        if (!registry.hosts().containsKey(host) && isLoopback(host)) {
            config = config.withPlainHttp(true);
        }
        if (source.credentials() instanceof ChartCredentials.Basic b) {
            config = config.withCredentials(new RegistryCredentials(b.username(), b.password()));
        } else if (source.credentials() instanceof ChartCredentials.Bearer) {
            throw new ChartException(where + ": OCI registries take a user name and password (put a token in the password), not a bearer token");
        }
        return registry.withHost(config);
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
    }

    private static JsonNode chartLayer(Manifest manifest, String what) {
        List<String> types = new ArrayList<>();
        for (JsonNode layer : manifest.body().path("layers")) {
            if (CHART_LAYER.equals(layer.path("mediaType").asText())) {
                return layer;
            }
            types.add(layer.path("mediaType").asText());
        }
        throw new ChartException(what + ": not a Helm chart: the manifest has no " + CHART_LAYER + " layer (layers: "
                + (types.isEmpty() ? "none" : String.join(", ", types)) + ")");
    }

    private static String tag(String version) {
        return version.replace('+', '_');
    }

    private static List<String> versions(List<String> tags) {
        return tags.stream().map(t -> t.replace('_', '+')).toList();
    }
}
