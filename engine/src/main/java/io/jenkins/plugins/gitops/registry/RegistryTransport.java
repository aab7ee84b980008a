package io.jenkins.plugins.gitops.registry;

import io.jenkins.plugins.gitops.net.ExtraCas;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/** One {@link HttpClient} per registry host, because trust (custom CA) is per host. */
final class RegistryTransport {

    private final RegistryOptions options;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    RegistryTransport(RegistryOptions options) {
        this.options = options;
    }

    HttpClient client(String host) {
        return clients.computeIfAbsent(host, this::build);
    }

    String baseUrl(String host) {
        return (options.host(host).plainHttp() ? "http://" : "https://") + host;
    }

    private HttpClient build(String host) {
        // Redirects are followed by hand: blob downloads go to storage that rejects our Authorization header.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        Path ca = options.host(host).caCertificates();
        if (ca != null) {
            builder.sslContext(sslContext(host, ca));
        }
        return builder.build();
    }

    /** The JDK's trusted CAs plus the ones in {@code pem}, for this host only. */
    private static SSLContext sslContext(String host, Path pem) {
        try {
            return ExtraCas.sslContext(pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new RegistryException("registry " + host + ": cannot read CA file " + pem + ": " + e.getMessage(), e);
        }
    }
}
